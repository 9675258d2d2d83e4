import { describe, expect, it } from 'vitest';
import { MfConfig } from '#shared/schemas';
import { toCsr } from '../../../batch/src/data/interactions.ts';
import { buildIalsMatrices } from '../../../batch/src/models/mf/csr.ts';
import { foldIn, foldInItems } from '../../../batch/src/models/mf/fold-in.ts';
import type { HalfSweep } from '../../../batch/src/models/mf/half-sweep.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { gramian } from '../../../batch/src/models/mf/linalg.ts';
import { foldInParams, type MfModel } from '../../../batch/src/models/mf/model.ts';
import { solveRowsJs } from '../../../batch/src/models/mf/solve-js.ts';
import { plantedBlocks, scoresOf, topIndices } from './planted.ts';

const config = MfConfig.parse({
  factors: 8,
  iterations: 10,
  compute: 'js',
  solver: 'cholesky',
  threads: 1,
  regularizationExponent: 1,
  unobservedWeight: 0.1,
  regularization: 0.01,
  alpha: 0.5,
});

async function trained() {
  const { set } = plantedBlocks(11, 3, 20, 15, 0.5);
  const result = await trainIals(set, config);
  const model: MfModel = {
    ...result,
    userIds: set.userIds,
    itemIds: set.itemIds,
    config,
    interactions: set.length,
    backend: 'js',
  };
  return { set, model };
}

describe('fold-in', () => {
  it("equals one exact iALS row solve against the model's item vectors", async () => {
    const { set, model } = await trained();
    // With the default user-activity weighting (γ > 0): the fold-in must apply the same weights.
    const { byUser } = buildIalsMatrices(set, config.alpha, config.activityExponent);
    const solved = new Float32Array(model.userFactors.length);
    const sweep: HalfSweep = {
      rows: byUser,
      fixed: model.itemFactors,
      numFixed: set.itemIds.length,
      solved,
      dim: 8,
      gramian: gramian(model.itemFactors, set.itemIds.length, 8),
      unobservedWeight: config.unobservedWeight,
      regularization: config.regularization,
      regularizationExponent: config.regularizationExponent,
      solver: 'cholesky',
      cgSteps: 3,
    };
    solveRowsJs(sweep, 0, set.userIds.length);
    const csr = toCsr(set, 'user');
    const params = foldInParams(model);
    for (const u of [0, 25, 59]) {
      const items = csr.indices.subarray(csr.indptr[u]!, csr.indptr[u + 1]!);
      const x = foldInItems(
        params,
        model.itemFactors,
        items,
        csr.values.subarray(csr.indptr[u]!, csr.indptr[u + 1]!),
      );
      for (let d = 0; d < 8; d++) expect(x[d]!).toBeCloseTo(solved[u * 8 + d]!, 4);
    }
  });

  it("reproduces a trained user's top items from that user's item ids", async () => {
    const { set, model } = await trained();
    const csr = toCsr(set, 'user');
    const params = foldInParams(model);
    let overlap = 0;
    const users = [1, 22, 47];
    for (const u of users) {
      const items = csr.indices.subarray(csr.indptr[u]!, csr.indptr[u + 1]!);
      const x = foldInItems(params, model.itemFactors, items);
      const skip = new Set(items);
      const folded = topIndices(scoresOf(x, model.itemFactors, 8), 5, skip);
      const stored = topIndices(
        scoresOf(model.userFactors.subarray(u * 8, u * 8 + 8), model.itemFactors, 8),
        5,
        skip,
      );
      overlap += folded.filter((i) => stored.includes(i)).length;
    }
    expect(overlap / (5 * users.length)).toBeGreaterThanOrEqual(0.8);
  });

  it('merges repeated items by adding their weights, and returns zero for no items', async () => {
    const { model } = await trained();
    const params = foldInParams(model);
    const twice = foldInItems(params, model.itemFactors, [3, 3, 7], [1, 2, 1]);
    const once = foldInItems(params, model.itemFactors, [3, 7], [3, 1]);
    expect([...twice]).toEqual([...once]);
    expect([...foldIn(params, new Float32Array(0))]).toEqual(new Array(8).fill(0));
  });
});
