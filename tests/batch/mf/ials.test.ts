import { describe, expect, it } from 'vitest';
import type { MfConfig } from '#shared/schemas';
import { toCsr } from '../../../batch/src/data/interactions.ts';
import { buildIalsMatrices } from '../../../batch/src/models/mf/csr.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { plantedBlocks, plantedConfig, scoresOf, topIndices } from './planted.ts';

const small = (over: Partial<MfConfig> = {}) =>
  plantedConfig({ factors: 8, iterations: 8, compute: 'js', ...over });

describe('trainIals', () => {
  it('recovers a planted block structure: users rank unseen items of their own block first', async () => {
    const { set, userBlock, itemBlock } = plantedBlocks(1);
    const model = await trainIals(set, small());
    const seen = toCsr(set, 'user');
    let correct = 0;
    let total = 0;
    for (let u = 0; u < set.userIds.length; u++) {
      const skip = new Set(seen.indices.subarray(seen.indptr[u]!, seen.indptr[u + 1]!));
      // Half of each block's 20 items are unseen on average; the best 5 must all be in the block.
      const top = topIndices(
        scoresOf(model.userFactors.subarray(u * 8, u * 8 + 8), model.itemFactors, 8),
        5,
        skip,
      );
      for (const i of top) correct += itemBlock[i] === userBlock[u] ? 1 : 0;
      total += top.length;
    }
    expect(total).toBeGreaterThan(0);
    expect(correct / total).toBeGreaterThan(0.99);
  });

  it('gives bit-identical embeddings for the same seed and different ones for another seed', async () => {
    const { set } = plantedBlocks(2, 2, 15, 10);
    const a = await trainIals(set, small({ seed: 5 }));
    const b = await trainIals(set, small({ seed: 5 }));
    const c = await trainIals(set, small({ seed: 6 }));
    expect(Buffer.from(a.itemFactors.buffer).equals(Buffer.from(b.itemFactors.buffer))).toBe(true);
    expect(Buffer.from(a.userFactors.buffer).equals(Buffer.from(b.userFactors.buffer))).toBe(true);
    expect(Buffer.from(a.itemFactors.buffer).equals(Buffer.from(c.itemFactors.buffer))).toBe(false);
  });

  it('gives bit-identical factors with two worker threads and with one', async () => {
    const { set } = plantedBlocks(8, 3, 40, 30);
    const warnings: string[] = [];
    const one = await trainIals(set, small({ threads: 1, iterations: 3 }));
    const two = await trainIals(set, small({ threads: 2, iterations: 3 }), {
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    expect(Buffer.from(two.itemFactors.buffer).equals(Buffer.from(one.itemFactors.buffer))).toBe(true);
    expect(Buffer.from(two.userFactors.buffer).equals(Buffer.from(one.userFactors.buffer))).toBe(true);
  });

  it('never increases the training objective with exact (Cholesky) sweeps', async () => {
    const { set } = plantedBlocks(3, 3, 12, 9, 0.4);
    const { iterations } = await trainIals(set, small({ solver: 'cholesky', iterations: 6 }), {
      computeLoss: true,
    });
    const losses = iterations.map((it) => it.loss!);
    for (let k = 1; k < losses.length; k++)
      expect(losses[k]!).toBeLessThanOrEqual(losses[k - 1]! * (1 + 1e-9));
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });

  it('lands close to the exact solution with warm-started CG', async () => {
    const { set } = plantedBlocks(4, 2, 20, 15);
    const cfg = { iterations: 12 };
    const exact = await trainIals(set, small({ ...cfg, solver: 'cholesky' }), { computeLoss: true });
    const cg = await trainIals(set, small({ ...cfg, solver: 'cg', cgSteps: 3 }), { computeLoss: true });
    const le = exact.iterations.at(-1)!.loss!;
    const lc = cg.iterations.at(-1)!.loss!;
    expect(Math.abs(lc - le) / le).toBeLessThan(0.01);
  });

  it('runs the batched tfjs path to the same factors as the typed-array CG path', async () => {
    const { set } = plantedBlocks(5, 2, 10, 8);
    const js = await trainIals(set, small({ iterations: 3, compute: 'js' }));
    const tf = await trainIals(set, small({ iterations: 3, compute: 'tf' }));
    expect(tf.compute).toBe('tf');
    let maxDiff = 0;
    for (let k = 0; k < js.itemFactors.length; k++) {
      maxDiff = Math.max(maxDiff, Math.abs(js.itemFactors[k]! - tf.itemFactors[k]!));
    }
    expect(maxDiff).toBeLessThan(1e-3);
  });

  it('gives users and items without interactions zero vectors', async () => {
    const { set } = plantedBlocks(6, 2, 5, 5);
    const padded = { ...set, userIds: [...set.userIds, 'ghost'], itemIds: [...set.itemIds, 'unsold'] };
    const model = await trainIals(padded, small({ iterations: 2 }));
    expect([...model.userFactors.subarray(-8)].every((v) => v === 0)).toBe(true);
    expect([...model.itemFactors.subarray(-8)].every((v) => v === 0)).toBe(true);
  });

  it('sums duplicate interactions into one confidence 1 + alpha·Σw', () => {
    const { set } = plantedBlocks(7, 1, 2, 2, 1);
    const doubled = {
      ...set,
      users: Int32Array.from([...set.users, ...set.users]),
      items: Int32Array.from([...set.items, ...set.items]),
      weights: Float32Array.from([...set.weights, ...set.weights]),
      length: set.length * 2,
    };
    const { byUser, nnz } = buildIalsMatrices(doubled, 0.5);
    expect(nnz).toBe(set.length);
    expect([...byUser.confidence]).toEqual(new Array(set.length).fill(2));
  });

  it('weighs users down by activity, s·(n+1)^-γ, keeping the mean observed confidence at 1', () => {
    // alice touched 1 item, bob 3: weights 2^-½ and 4^-½ before s.
    const set = {
      userIds: ['alice', 'bob'],
      itemIds: ['a', 'b', 'c'],
      users: Int32Array.of(0, 1, 1, 1),
      items: Int32Array.of(0, 0, 1, 2),
      weights: Float32Array.of(1, 1, 1, 1),
      timestamps: null,
      length: 4,
    };
    const { byUser, byItem, activityScale } = buildIalsMatrices(set, 0, 0.5);
    const s = 4 / (2 ** -0.5 + 3 * 4 ** -0.5);
    expect(activityScale).toBeCloseTo(s, 6);
    const [alice, ...bob] = [...byUser.confidence];
    expect(alice).toBeCloseTo(s * 2 ** -0.5, 6);
    for (const c of bob) expect(c).toBeCloseTo(s * 0.5, 6);
    expect([...byUser.confidence].reduce((a, b) => a + b, 0)).toBeCloseTo(4, 5);
    // The item-major view carries the same confidence per pair: item a holds alice's and bob's.
    expect(byItem.confidence[0]).toBeCloseTo(alice!, 6);
    expect(byItem.confidence[1]).toBeCloseTo(bob[0]!, 6);
    expect(buildIalsMatrices(set, 0, 0).activityScale).toBe(1);
  });
});
