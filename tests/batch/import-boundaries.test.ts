/**
 * The layering the README's "Architecture" section describes, checked on every source file's
 * import specifiers: dependencies point down only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)))
    .filter((f) => !f.includes('node_modules'));
}

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Repo-relative targets of a file's imports (`#shared/x` → shared/src/x); packages as `pkg:<name>`. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2]) as string;
    if (spec.startsWith('#shared/')) return `shared/src/${spec.slice('#shared/'.length)}`;
    if (spec.startsWith('.')) return relative(ROOT, resolve(ROOT, dirname(file), spec));
    return `pkg:${spec}`;
  });
}

/** Every (file, import) pair under `from` whose target starts with one of `forbidden`. */
function violations(from: string, forbidden: string[], except: string[] = []): string[] {
  return sourceFiles(from)
    .filter((f) => !except.some((e) => f.startsWith(e)))
    .flatMap((f) => importsOf(f).map((target) => ({ f, target })))
    .filter(({ target }) => forbidden.some((p) => target.startsWith(p)))
    .map(({ f, target }) => `${f} → ${target}`);
}

describe('import boundaries', () => {
  it('reads the imports it checks (the scanner is not blind)', () => {
    expect(importsOf('batch/src/cli/main.ts')).toContain('batch/src/observe/index.ts');
    expect(importsOf('batch/src/pipeline/run.ts')).toContain('shared/src/schemas');
  });

  it('keeps shared/ free of batch, edge, infra and platform modules', () => {
    expect(violations('shared/src', ['batch/', 'edge/', 'infra/', 'pkg:node:'])).toEqual([]);
  });

  it('never lets edge and batch import each other', () => {
    expect(violations('edge', ['batch/'])).toEqual([]);
    expect(violations('batch', ['edge/'])).toEqual([]);
  });

  it('lets only the CLI (and its entry point) import batch/src/cli', () => {
    expect(violations('batch/src', ['batch/src/cli'], ['batch/src/cli/'])).toEqual([]);
  });

  it('keeps the job context (observe/) below everything else in batch', () => {
    const batchFolders = readdirSync(join(ROOT, 'batch/src')).filter((d) => d !== 'observe');
    expect(
      violations(
        'batch/src/observe',
        batchFolders.map((d) => `batch/src/${d}`),
      ),
    ).toEqual([]);
  });

  it('keeps jobs below the pipeline: jobs never import pipeline/', () => {
    expect(violations('batch/src/jobs', ['batch/src/pipeline'])).toEqual([]);
  });
});
