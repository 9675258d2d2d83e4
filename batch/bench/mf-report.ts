/**
 * Output helpers of `npm run bench:mf`: markdown tables and metric formatting (docs-section.ts
 * writes them into docs/benchmarks.md).
 */
import type { EvaluationResult } from '../src/eval/evaluate.ts';

export type Row = Record<string, string | number>;

export const MACHINE =
  '2 cores, no GPU, Node 20.20.2 (CPU shared with other engineers: numbers taken under contention)';
export const today = (): string => new Date().toISOString().slice(0, 10);
export const f4 = (x: number): string => x.toFixed(4);
export const seconds = (t0: number): number => Number(((performance.now() - t0) / 1000).toFixed(1));
/** Peak resident set size of this process so far, MiB. */
export const peakMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** The four protocol metrics of one evaluation, formatted for a table row. */
export function metricCells(m: EvaluationResult): Row {
  return { MAP: f4(m.map), 'nDCG@10': f4(m.ndcg), 'P@10': f4(m.precision), 'R@10': f4(m.recall) };
}

/** A markdown table with the given column order. */
export function table(rows: Row[], cols: string[]): string {
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => r[c] ?? '').join(' | ')} |`),
  ].join('\n');
}
