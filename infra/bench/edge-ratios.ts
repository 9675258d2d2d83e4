/**
 * The yardstick table of `bench:edge`: the Worker's search against FAISS IVFFlat-IP on the same
 * vectors, at the first nprobe of each sweep reaching recall@10 ≥ 0.95, 0.98 and 0.99, with the
 * Worker/FAISS time ratio (the issue's target: ≤ 2 at 0.95 and 0.98). Both sides are per-query
 * times of a loop of one-query calls (the Worker's `loopMs`: `search()` in the isolate; FAISS's
 * `index.search` from Python), without the HTTP request that carries the Worker's queries.
 */
import type { FaissResult } from './edge-faiss.ts';
import type { WorkerdResult } from './edge-workerd.ts';

export const RECALL_TARGETS = [0.95, 0.98, 0.99] as const;

interface Point {
  nprobe: number;
  recall: number;
  ms: number;
  scanned: number;
}

const first = (points: Point[], target: number) => points.find((p) => p.recall >= target);
const cell = (p: Point | undefined) =>
  p === undefined
    ? 'not reached'
    : `nprobe ${p.nprobe}: ${p.recall.toFixed(3)}, **${p.ms.toFixed(3)} ms**, ${(100 * p.scanned).toFixed(2)} % rows`;

/** Worker/FAISS ratio at `target`, or undefined when either sweep did not reach it. */
export function ratioAt(workerd: WorkerdResult, faiss: FaissResult, target: number): number | undefined {
  const w = first(
    workerd.points.map((p) => ({ ...p, ms: p.loopMs })),
    target,
  );
  const f = first(faiss.points, target);
  return w === undefined || f === undefined ? undefined : w.ms / f.ms;
}

/**
 * Markdown rows comparing the two sweeps (or the reason FAISS was skipped).
 *
 * @example
 * lines.push(ratioTable(workerd, faiss));
 */
export function ratioTable(workerd: WorkerdResult, faiss: FaissResult | { skipped: string } | null): string {
  if (faiss === null) return 'FAISS row left out (`--skip-faiss`).\n';
  if ('skipped' in faiss) return `FAISS row skipped: ${faiss.skipped}.\n`;
  const w = workerd.points.map((p) => ({ ...p, ms: p.loopMs }));
  const rows = RECALL_TARGETS.map((t) => {
    const ratio = ratioAt(workerd, faiss, t);
    return `| ≥ ${t} | ${cell(first(w, t))} | ${cell(first(faiss.points, t))} | ${ratio === undefined ? '–' : `**${ratio.toFixed(2)}×**`} |`;
  });
  return [
    `Against FAISS ${faiss.version} IVFFlat-IP (${faiss.nlist} lists like the Worker's index, its own training: build ${faiss.buildSeconds.toFixed(1)} s${faiss.cached === true ? ', built by an earlier run and loaded from var/' : ''}; one thread, one query per call):`,
    '',
    `| recall@10 | Worker (\`search()\` in workerd, ${workerd.kernel} kernel) | FAISS | Worker / FAISS |`,
    '|---|---|---|---:|',
    ...rows,
    '',
  ].join('\n');
}
