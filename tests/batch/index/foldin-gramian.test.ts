import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { decodeGramian, encodeGramian } from '../../../batch/src/index/foldin.ts';

/** YᵀY in float64, entry by entry: the reference. */
function reference(y: Float32Array, rows: number, dim: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (let r = 0; r < rows; r++)
    for (let a = 0; a < dim; a++)
      for (let b = 0; b < dim; b++)
        g[a * dim + b] = (g[a * dim + b] as number) + (y[r * dim + a] as number) * (y[r * dim + b] as number);
  return g;
}

describe('encodeGramian', () => {
  // 40,001 rows: more than two 16,384-row chunks and a partial one; dims on and off the SIMD path.
  for (const dim of [16, 12]) {
    it(`matches the float64 YᵀY to float32 precision (${dim} dims)`, () => {
      const rows = 40_001;
      const y = clusteredVectors({ rows, dim, clusters: 30, spread: 0.5, seed: dim }, 'items').data;
      const got = decodeGramian(encodeGramian(y, rows, dim), dim);
      const want = reference(y, rows, dim);
      const scale = Math.max(...want.map(Math.abs));
      for (let i = 0; i < want.length; i++)
        expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-5 * scale);
      for (let a = 0; a < dim; a++)
        for (let b = 0; b < dim; b++) expect(got[a * dim + b]).toBe(got[b * dim + a]);
    });
  }
});
