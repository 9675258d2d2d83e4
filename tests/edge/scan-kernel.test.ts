import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { createJsKernel, scanKernel } from '#shared/search';
import '../../edge/src/scoring/kernel.ts';

function normals(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe('scan kernel in workerd', () => {
  it('runs the WebAssembly SIMD kernel imported as a compiled module', () => {
    expect(scanKernel().kind).toBe('wasm-simd');
  });

  it('scores f32 and int8 rows like the scalar kernel', () => {
    const dim = 64;
    const rows = 500;
    const data = normals(1, rows * dim);
    const q = normals(2, dim);
    const simd = scanKernel().scoreF32(q, data, dim, 0, rows).slice();
    const scalar = createJsKernel().scoreF32(q, data, dim, 0, rows);
    for (let r = 0; r < rows; r++)
      expect(Math.abs((simd[r] as number) - (scalar[r] as number))).toBeLessThan(1e-3);
    const codes = Int8Array.from(normals(3, rows * dim), (x) =>
      Math.max(-127, Math.min(127, Math.round(x * 40))),
    );
    const scales = normals(4, rows).map(Math.abs);
    const simd8 = scanKernel().scoreInt8(q, codes, scales, dim, 0, rows).slice();
    const scalar8 = createJsKernel().scoreInt8(q, codes, scales, dim, 0, rows);
    for (let r = 0; r < rows; r++)
      expect(Math.abs((simd8[r] as number) - (scalar8[r] as number))).toBeLessThan(1e-2);
  });
});
