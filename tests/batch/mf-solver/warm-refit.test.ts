import { describe, expect, it } from 'vitest';
import { EvalConfig, type MfConfig } from '#shared/schemas';
import { toCsr } from '../../../batch/src/data/interactions.ts';
import { evaluateRecipe } from '../../../batch/src/jobs/evaluate-recipe.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { plantedBlocks, plantedConfig } from '../mf/planted.ts';

const cfg = (over: Partial<MfConfig> = {}) =>
  plantedConfig({ factors: 8, iterations: 4, threads: 1, ...over });
const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

describe('iALS warm start', () => {
  for (const compute of ['js', 'wasm'] as const) {
    it(`continues where a model stopped: 3 sweeps then 2 from its factors equal 5 sweeps (${compute})`, async () => {
      const { set } = plantedBlocks(21, 3, 20, 15);
      const five = await trainIals(set, cfg({ compute, iterations: 5 }));
      const three = await trainIals(set, cfg({ compute, iterations: 3 }));
      const resumed = await trainIals(set, cfg({ compute, iterations: 2 }), { initial: three });
      expect(same(resumed.userFactors, five.userFactors)).toBe(true);
      expect(same(resumed.itemFactors, five.itemFactors)).toBe(true);
      expect(resumed.iterations).toHaveLength(2);
    });
  }

  it('leaves the given factors untouched', async () => {
    const { set } = plantedBlocks(22, 2, 10, 8);
    const start = await trainIals(set, cfg({ iterations: 2 }));
    const before = new Float32Array(start.itemFactors);
    await trainIals(set, cfg({ iterations: 2 }), { initial: start });
    expect(same(start.itemFactors, before)).toBe(true);
  });

  it('refuses factors of another shape', async () => {
    const { set } = plantedBlocks(23, 2, 10, 8);
    const other = await trainIals(set, cfg({ factors: 16, iterations: 1 }));
    await expect(trainIals(set, cfg(), { initial: other })).rejects.toThrow(RangeError);
  });

  it('computes the objective after the last sweep only when asked for "last"', async () => {
    const { set } = plantedBlocks(24, 2, 10, 8);
    const { iterations } = await trainIals(set, cfg({ iterations: 3 }), { computeLoss: 'last' });
    expect(iterations.map((it) => it.loss === undefined)).toEqual([true, true, false]);
    expect(iterations[2]!.loss).toBeGreaterThan(0);
  });
});

describe('evaluateRecipe: one training, then a warm refit on all data', () => {
  const recipe = (over: Partial<MfConfig> = {}) => ({
    name: 'ials-8',
    refit: true,
    evalUsers: 0,
    mf: cfg({ refitIterations: 2, ...over }),
    eval: EvalConfig.parse({ seed: 3 }),
  });

  it('keeps a model refit from the evaluated split model on every interaction', async () => {
    const { set } = plantedBlocks(25, 3, 20, 15);
    const scored = await evaluateRecipe(set, recipe(), quietContext('warn'));
    expect(scored.keptOn).toBe(set);
    expect(scored.sweeps).toBe(4 + 2);
    expect(scored.test).toBeGreaterThan(0);
    // The same thing by hand: the split model, then two sweeps on all data from its factors.
    const { splitFor } = await import('../../../batch/src/jobs/fit.ts');
    const split = await trainIals(splitFor(set, recipe().eval).train, cfg());
    const refit = await trainIals(set, cfg({ iterations: 2 }), { initial: split });
    expect(same(scored.kept!.itemFactors, refit.itemFactors)).toBe(true);
    // Pairs held out of the split reach the kept model: every item with interactions has a vector.
    const byItem = toCsr(set, 'item');
    for (let i = 0; i < set.itemIds.length; i++) {
      if (byItem.indptr[i + 1]! === byItem.indptr[i]!) continue;
      const v = scored.kept!.itemFactors.subarray(i * 8, i * 8 + 8);
      expect(v.some((x) => x !== 0)).toBe(true);
    }
    expect(scored.models['ials-8']!['ndcg@10']).toBeGreaterThan(scored.models.popularity!['ndcg@10']!);
  });

  it('with refitIterations 0 keeps nothing, so the caller trains on all data from scratch', async () => {
    const { set } = plantedBlocks(26, 2, 10, 8);
    const scored = await evaluateRecipe(set, recipe({ refitIterations: 0 }), quietContext('warn'));
    expect(scored.kept).toBeUndefined();
    expect(scored.models.popularity).toBeDefined();
  });

  it('without refit keeps the split model and what it was trained on', async () => {
    const { set } = plantedBlocks(27, 2, 10, 8);
    const scored = await evaluateRecipe(set, { ...recipe(), refit: false }, quietContext('warn'));
    expect(scored.keptOn!.length).toBe(scored.train);
    expect(scored.sweeps).toBeUndefined();
  });
});
