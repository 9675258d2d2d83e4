import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSection } from '../../../batch/bench/docs-section.ts';

describe('writeSection (docs/benchmarks.md sections)', () => {
  it("replaces only its own section and keeps every other benchmark's numbers", async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bench-doc-')), 'benchmarks.md');
    await writeFile(
      path,
      [
        '# Benchmarks',
        '<!-- bench:a:start -->',
        'old a',
        '<!-- bench:a:end -->',
        '<!-- bench:b:start -->',
        'b stays',
        '<!-- bench:b:end -->',
        '',
      ].join('\n'),
    );
    await writeSection('a', '## A\nnew a\n', path);
    const doc = await readFile(path, 'utf8');
    expect(doc).toContain('<!-- bench:a:start -->\n## A\nnew a\n<!-- bench:a:end -->');
    expect(doc).not.toContain('old a');
    expect(doc).toContain('<!-- bench:b:start -->\nb stays\n<!-- bench:b:end -->');
  });

  it('appends a section the file does not have yet, and creates a missing file', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'bench-doc-')), 'benchmarks.md');
    await writeSection('first', 'one', path);
    await writeSection('second', 'two', path);
    expect(await readFile(path, 'utf8')).toBe(
      '# Benchmarks\n\n<!-- bench:first:start -->\none\n<!-- bench:first:end -->\n\n' +
        '<!-- bench:second:start -->\ntwo\n<!-- bench:second:end -->\n',
    );
  });
});
