/**
 * The edge's layering, checked on the source: edge/lib (the library the Workers are built from)
 * imports no Worker, the Workers reach it only through its index.ts, and the Workers (edge/src:
 * recommend, edge/creative: creative, edge/generator: generator) never import each other — they
 * meet only in edge/lib and shared/ (and the generator Worker alone imports onnxruntime).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** Repository-relative targets of the relative imports of `file`. */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => m[1] ?? '');
  return specs.map((s) => relative(ROOT, resolve(ROOT, file, '..', s)));
}

function crossings(from: string, forbidden: readonly string[]): string[] {
  return sources(from).flatMap((file) =>
    relativeImports(file)
      .filter((target) => forbidden.some((dir) => target.startsWith(`${dir}/`)))
      .map((target) => `${file} → ${target}`),
  );
}

describe('edge layering', () => {
  it('finds the sources it checks', () => {
    expect(sources('edge/lib').length).toBeGreaterThan(5);
    expect(sources('edge/creative').length).toBeGreaterThan(5);
    expect(sources('edge/generator').length).toBeGreaterThan(3);
  });

  it('keeps edge/lib free of imports from either Worker', () => {
    expect(crossings('edge/lib', ['edge/src', 'edge/creative', 'edge/generator'])).toEqual([]);
  });

  it('lets both Workers reach edge/lib only through its index.ts', () => {
    const deep = (from: string) =>
      crossings(from, ['edge/lib']).filter((c) => !c.endsWith(' → edge/lib/index.ts'));
    expect(crossings('edge/src', ['edge/lib']).length).toBeGreaterThan(0);
    expect(deep('edge/src')).toEqual([]);
    expect(deep('edge/creative')).toEqual([]);
    expect(deep('edge/generator')).toEqual([]);
  });

  it('keeps the creative Worker out of the recommend Worker and the other way round', () => {
    expect(crossings('edge/creative', ['edge/src'])).toEqual([]);
    expect(crossings('edge/src', ['edge/creative'])).toEqual([]);
  });

  it('keeps the generator Worker apart from the creative Worker, which reaches it over its binding', () => {
    expect(crossings('edge/creative', ['edge/generator'])).toEqual([]);
    expect(crossings('edge/generator', ['edge/creative', 'edge/src'])).toEqual([]);
    expect(crossings('edge/src', ['edge/generator'])).toEqual([]);
  });

  it('imports onnxruntime-web only in the generator Worker', () => {
    const importers = ['edge/src', 'edge/creative', 'edge/lib', 'edge/generator']
      .flatMap(sources)
      .filter((f) => /from 'onnxruntime-web[^']*'/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(importers).toEqual(['edge/generator/backend.ts']);
  });
});
