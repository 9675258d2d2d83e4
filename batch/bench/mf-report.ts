/**
 * Output helpers of `npm run bench:mf`: markdown tables, metric formatting, and replacing one
 * marked section of docs/benchmarks.md (each part of the bench owns its own markers, so the long
 * synthetic run and the MovieLens run can update the file independently).
 */
import { readFile, writeFile } from 'node:fs/promises';
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

/** Replaces (or appends) the section between `<!-- bench:<name>:start/end -->` markers. */
export async function writeSection(name: string, markdown: string): Promise<void> {
  const path = 'docs/benchmarks.md';
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const doc = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  await writeFile(path, next);
}
