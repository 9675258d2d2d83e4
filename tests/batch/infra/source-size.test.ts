/**
 * The size rule (files ≤ 250 lines, functions ≤ 80 lines, declarative tables allowlisted with a
 * reason) checked on the whole tree, and the lister itself checked on known answers so that a
 * blind lister cannot pass the tree.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED, longFunctions, oversize, trackedSources } from '../../../infra/scripts/source-size.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A function of exactly `n` lines (header and closing brace included) named `name`. */
function fn(name: string, n: number): string {
  const body = Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  return `function ${name}() {\n${body}\n}\n`;
}

describe('source size lister', () => {
  it('flags a function of 81 lines and not one of 80', () => {
    const found = longFunctions('x.ts', fn('ok', 80) + fn('tooLong', 81));
    expect(found.map((o) => [o.where, o.lines])).toEqual([['x.ts#tooLong', 81]]);
  });

  it('measures arrow functions, methods and callbacks by the name they are bound to', () => {
    const arrow = `export const arrow = () => {\n${'  f();\n'.repeat(85)}};\n`;
    const method = `class C {\n  run() {\n${'    f();\n'.repeat(85)}  }\n}\n`;
    const found = longFunctions('y.ts', arrow + method).map((o) => o.where);
    expect(found).toEqual(['y.ts#arrow', 'y.ts#C.run']);
  });

  it('does not measure a describe() body as one function, but does measure its cases', () => {
    const text = `describe('s', () => {\n  it('c', () => {\n${'    f();\n'.repeat(90)}  });\n});\n`;
    expect(longFunctions('z.test.ts', text).map((o) => o.where)).toEqual(['z.test.ts#<callback of it>']);
  });

  it('reads the tracked sources of the tree', () => {
    const files = trackedSources(ROOT);
    expect(files).toContain('batch/src/cli/main.ts');
    expect(files.some((f) => f.endsWith('.d.ts'))).toBe(false);
  });
});

describe('the tree', () => {
  it('has no file over 250 lines and no function over 80 lines outside the allowlist', () => {
    const found = oversize(ROOT).map((o) => `${o.where}:${o.line} ${o.lines} lines`);
    expect(found).toEqual([]);
  });

  it('gives a reason for every allowlisted place, and each still exists', () => {
    const files = new Set(trackedSources(ROOT));
    for (const [where, reason] of Object.entries(ALLOWED)) {
      expect(reason.length, where).toBeGreaterThan(20);
      expect(files.has(where.split('#')[0] as string), where).toBe(true);
    }
  });
});
