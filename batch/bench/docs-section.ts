/**
 * docs/benchmarks.md is written by many benchmarks, each owning one section between
 * `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`: a run replaces its own section
 * (or appends it the first time) and leaves every other benchmark's numbers alone, so long and
 * short benchmarks can be rerun independently.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const DOC = resolve(import.meta.dirname, '../../docs/benchmarks.md');

/**
 * Replaces (or appends) the section `name` of docs/benchmarks.md (or of `path`) with `markdown`.
 *
 * @example
 * await writeSection('mf-movielens', '## Recommender (iALS) on MovieLens\n…');
 */
export async function writeSection(name: string, markdown: string, path = DOC): Promise<void> {
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
