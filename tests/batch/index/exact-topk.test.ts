import { describe, expect, it } from 'vitest';
import { topK } from '#shared/scoring';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { exactTopRows } from '../../../batch/src/index/exact-topk.ts';

// More rows than one kernel block (8192), so the top-k is merged across blocks.
const mixture = { rows: 20_000, dim: 16, clusters: 50, spread: 0.6, seed: 4 };
const items = clusteredVectors(mixture, 'items');
const queries = clusteredVectors({ ...mixture, rows: 30 }, 'queries');

describe('exactTopRows', () => {
  it('finds the same top-10 rows as the scalar brute-force topK, for every query', () => {
    const truth = exactTopRows(items, queries, 10);
    for (let q = 0; q < queries.rows; q++) {
      const query = queries.data.subarray(q * 16, (q + 1) * 16);
      const expected = topK(query, items.data, 16, 10).indices;
      // The SIMD kernel sums in f32: only exact near-ties could reorder, and none occur here.
      expect(Array.from(truth.subarray(q * 10, (q + 1) * 10))).toEqual(Array.from(expected));
    }
  });

  it('answers a range of queries as the same queries asked all together', () => {
    const all = exactTopRows(items, queries, 5);
    expect(Array.from(exactTopRows(items, queries, 5, 10, 20))).toEqual(Array.from(all.subarray(50, 100)));
  });

  it('pads with -1 when there are fewer items than k', () => {
    const few = { data: items.data.subarray(0, 3 * 16), rows: 3, dim: 16 };
    const rows = exactTopRows(few, queries, 5, 0, 1);
    expect(Array.from(rows.subarray(3))).toEqual([-1, -1]);
    expect([...rows.subarray(0, 3)].sort()).toEqual([0, 1, 2]);
  });
});
