import { describe, expect, it } from 'vitest';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import {
  countOrder,
  inverse,
  permuteRows,
  relabelCsr,
  unpermuteRows,
} from '../../../batch/src/models/mf/relabel.ts';
import { plantedBlocks, plantedConfig } from '../mf/planted.ts';

// Rows with 1, 3, 0, 3, 2 entries over 4 columns.
const csr = {
  indptr: Int32Array.from([0, 1, 4, 4, 7, 9]),
  indices: Int32Array.from([2, 0, 1, 3, 1, 2, 3, 0, 2]),
  confidence: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
};

describe('relabelling rows by popularity for the SIMD kernels', () => {
  it('orders rows by descending entry count, ties in index order', () => {
    expect([...countOrder(csr)]).toEqual([1, 3, 4, 0, 2]);
  });

  it('moves rows and renames columns without losing or reordering entries', () => {
    const rows = countOrder(csr);
    const cols = Int32Array.from([3, 2, 1, 0]);
    const out = relabelCsr(csr, rows, cols, {
      indptr: new Int32Array(6),
      indices: new Int32Array(9),
      confidence: new Float32Array(9),
    });
    expect([...out.indptr]).toEqual([0, 3, 6, 8, 9, 9]);
    expect([...out.indices]).toEqual([3, 2, 0, 2, 1, 0, 3, 1, 1]);
    expect([...out.confidence]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 1]);
  });

  it('gives back the original rows after permuting and unpermuting factors', () => {
    const order = Int32Array.from([2, 0, 1]);
    const f = Float32Array.from([1, 1, 2, 2, 3, 3]);
    const p = permuteRows(f, order, 2, new Float32Array(6));
    expect([...p]).toEqual([3, 3, 1, 1, 2, 2]);
    expect([...unpermuteRows(p, order, 2)]).toEqual([...f]);
    expect([...inverse(order)]).toEqual([1, 2, 0]);
  });

  it('hands per-sweep callbacks and the result factors in the set order, not the kernels order', async () => {
    // Uneven blocks: users and items differ in counts, so the relabelling is not the identity.
    const { set } = plantedBlocks(31, 3, 25, 12, 0.35);
    let last: { userFactors: Float32Array; itemFactors: Float32Array } | undefined;
    const cfg = plantedConfig({ factors: 16, iterations: 2, threads: 1 });
    const wasm = await trainIals(
      set,
      { ...cfg, compute: 'wasm' },
      {
        onIteration: (_it, f) => {
          last = { userFactors: f.userFactors, itemFactors: f.itemFactors };
        },
      },
    );
    const js = await trainIals(set, { ...cfg, compute: 'js' });
    expect(Buffer.from(last!.itemFactors.buffer).equals(Buffer.from(wasm.itemFactors.buffer))).toBe(true);
    let diff = 0;
    for (let k = 0; k < js.userFactors.length; k++)
      diff = Math.max(diff, Math.abs(js.userFactors[k]! - wasm.userFactors[k]!));
    expect(diff).toBeLessThan(1e-4);
  });
});
