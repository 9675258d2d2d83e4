/**
 * Writes one benchmark's section of docs/benchmarks.md between `<!-- bench:<name>:start -->`
 * and `<!-- bench:<name>:end -->`, replacing the previous run's section or appending a new one.
 */
import { readFile, writeFile } from 'node:fs/promises';

const PATH = 'docs/benchmarks.md';

/**
 * @example
 * await writeSection('edge', '## Edge recommendations\n…');
 */
export async function writeSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const doc = await readFile(PATH, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  await writeFile(PATH, next);
}
