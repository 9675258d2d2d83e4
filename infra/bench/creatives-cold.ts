/**
 * `npm run bench:creatives:cold -- --runs 3`: the cold first category banner with BOTH the
 * creative and the generator Worker fresh ("fresh too"), two ways, alternated run by run so
 * both meet the same machine load:
 * - `one dev`: one `wrangler dev` with both configs, as `npm run demo` runs them
 *   (creatives-cold-dev.ts): ready = spawn → "Ready on", first = the first banner;
 * - `two workerds`: bench:creatives' own harness (creatives-serving.ts): each Worker in a
 *   `wrangler dev` of its own, joined through the dev registry; start = both ready.
 * and, for scale, an empty Worker in one `wrangler dev` (the floor of the first way).
 * Store: bench:creatives' (the demo GAN architecture with seeded random weights, its library and
 * item cards). Prints each run and the medians as markdown (docs/benchmarks.md, bench:creatives-cold).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { timeServing } from '../../batch/bench/creatives-serving.ts';
import { BENCH_PATHS, benchGeneratorOnnx, benchStore } from '../../batch/bench/creatives-store.ts';
import { seedBucket } from '../../batch/bench/creatives-workerd.ts';
import { type DemoColdRun, demoBundles, timeDemoCold, timeDemoEmpty } from './creatives-cold-dev.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '18430' } },
});
const ROOT = resolve(import.meta.dirname, '../..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] ?? Number.NaN;
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

interface Row {
  name: string;
  parts: [number, number][];
  timing: string;
  source: string;
}

function table(rows: Row[]): string {
  const lines = [
    '| both Workers fresh | ready/start + first, median | runs | first request, median | Server-Timing (last run) |',
    '|---|---:|---|---:|---|',
  ];
  for (const r of rows) {
    const total = median(r.parts.map(([a, b]) => a + b));
    const verdict = r.source === 'empty' ? '' : total <= 1000 ? ' (≤ 1 s: met)' : ' (> 1 s: missed)';
    const each = r.parts.map(([a, b]) => `${a.toFixed(0)} + ${b.toFixed(0)}`).join(', ');
    lines.push(
      `| ${r.name} (${r.source}) | ${total.toFixed(0)} ms${verdict} | ${each} | ${median(r.parts.map(([, b]) => b)).toFixed(0)} ms | \`${r.timing}\` |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  const port = Number(values.port);
  const { onnx, zDim } = await benchGeneratorOnnx('demo');
  const stateDir = join(ROOT, 'var/bench/creatives-cold/seeded');
  const { objects } = await benchStore(onnx, zDim, 'http://127.0.0.1:9', 4);
  await seedBucket(stateDir, objects);
  log('bundling both Workers (deploy bundles)…');
  const bundles = await demoBundles();
  const path = BENCH_PATHS.category(0);
  const oneDev: DemoColdRun[] = [];
  const empty: DemoColdRun[] = [];
  const two: { start: number; first: number; timing: string; source: string }[] = [];
  const before = loads();
  for (let i = 0; i < runs; i++) {
    empty.push(await timeDemoEmpty(port));
    const a = await timeDemoCold(bundles, stateDir, {}, path, port);
    oneDev.push(a);
    log(
      `one dev ${i + 1}/${runs}: ${a.readyMs.toFixed(0)} + ${a.firstMs.toFixed(0)} ms (${a.source}) ${a.serverTiming}`,
    );
    const b = await timeServing(stateDir, {}, BENCH_PATHS, 'category', 0, 'cold');
    two.push({ start: b.startMs, first: b.firstMs, timing: b.firstServerTiming, source: b.firstSource });
    log(
      `two workerds ${i + 1}/${runs}: ${b.startMs.toFixed(0)} + ${b.firstMs.toFixed(0)} ms (${b.firstSource})`,
    );
  }
  const after = loads();
  const rows: Row[] = [
    {
      name: 'one `wrangler dev`, both configs (as `npm run demo`), deploy bundles',
      parts: oneDev.map((r) => [r.readyMs, r.firstMs]),
      timing: oneDev.at(-1)?.serverTiming ?? '',
      source: oneDev.map((r) => r.source).join(', '),
    },
    {
      name: 'two workerds through the dev registry (bench:creatives harness)',
      parts: two.map((r) => [r.start, r.first]),
      timing: two.at(-1)?.timing ?? '',
      source: two.map((r) => r.source.split(' ')[0]).join(', '),
    },
    {
      name: 'floor: an empty Worker, one `wrangler dev`',
      parts: empty.map((r) => [r.readyMs, r.firstMs]),
      timing: '',
      source: 'empty',
    },
  ];
  process.stdout.write(
    `Load average (1 / 5 / 15 min) before: ${before}, after: ${after}; ${runs} runs each, alternated.\n\n${table(rows)}\n`,
  );
}

main().catch((error: unknown) => {
  log(
    `bench:creatives:cold failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
