import { describe, expect, it } from 'vitest';
import { MfConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { loadModel, type MfModel, saveModel } from '../../../batch/src/models/mf/model.ts';
import { MfRecommender } from '../../../batch/src/models/mf/recommender.ts';

function model(): MfModel {
  return {
    userIds: ['alice', 'bob'],
    itemIds: ['sku-1', 'sku-2', 'sku-3'],
    dim: 2,
    userFactors: Float32Array.of(1, 0, 0, 1),
    itemFactors: Float32Array.of(0.5, 0.1, 0.2, 0.9, -1, 0),
    config: MfConfig.parse({ factors: 2 }),
    interactions: 4,
    backend: 'js',
    activityScale: 1.37,
    features: {
      dim: 2,
      names: ['category=dress'],
      weights: Float32Array.of(0.3, -0.2),
      bias: Float32Array.of(0.1, 0.1),
    },
  };
}

describe('MfModel storage', () => {
  it('round-trips ids, factors, config and the feature map through a store', async () => {
    const store = new MemoryStore('mf');
    const meta = await saveModel(store, 'runs/1/model', model());
    expect(meta.files.itemGramian).toBe('item-gramian.f32');
    const back = await loadModel(store, 'runs/1/model');
    const m = model();
    expect(back.userIds).toEqual(m.userIds);
    expect(back.itemIds).toEqual(m.itemIds);
    expect([...back.itemFactors]).toEqual([...m.itemFactors]);
    expect([...back.userFactors]).toEqual([...m.userFactors]);
    expect(back.config).toEqual(m.config);
    expect(back.activityScale).toBe(1.37);
    expect(back.features?.names).toEqual(['category=dress']);
    expect([...back.features!.bias]).toEqual([...m.features!.bias]);
    const g = new Float32Array((await store.get('runs/1/model/item-gramian.f32')).slice().buffer);
    expect(g[0]).toBeCloseTo(0.25 + 0.04 + 1, 5); // Σ y0²
  });

  it('rejects a factor file of the wrong size with a corrupt error', async () => {
    const store = new MemoryStore('mf2');
    await saveModel(store, 'model', model());
    await store.put('model/item-factors.f32', new Uint8Array(10));
    await expect(loadModel(store, 'model')).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('fails with not_found where no model was saved', async () => {
    await expect(loadModel(new MemoryStore('empty'), 'model')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('scores every item for a batch of users as dot products', async () => {
    const out = new Float32Array(2 * 3);
    new MfRecommender(model()).scoreUsers(Int32Array.of(1, 0), out);
    expect([...out].map((v) => Math.round(v * 100) / 100)).toEqual([0.1, 0.9, 0, 0.5, 0.2, -1]);
  });

  it('scores items across several blocks and users without trained rows like plain dot products', () => {
    // 16 factors take the SIMD kernel; 5,000 items span three item blocks, the last one partial.
    const dim = 16;
    const items = 5_000;
    const wave = (n: number, f: number) => Float32Array.from({ length: n }, (_, j) => Math.sin(j * f));
    const factors = { dim, userFactors: wave(3 * dim, 0.37), itemFactors: wave(items * dim, 0.011) };
    const users = Int32Array.of(2, 0, 7); // user 7 has no trained row: every item scores 0 for it
    const out = new Float32Array(users.length * items);
    new MfRecommender(factors).scoreUsers(users, out);
    let worst = 0;
    for (let b = 0; b < users.length; b++) {
      for (let i = 0; i < items; i++) {
        let want = 0;
        for (let k = 0; k < dim; k++)
          want += (factors.userFactors[users[b]! * dim + k] ?? 0) * factors.itemFactors[i * dim + k]!;
        worst = Math.max(worst, Math.abs(out[b * items + i]! - want));
      }
    }
    expect(worst).toBeLessThan(1e-4);
    expect(out.subarray(2 * items).every((v) => v === 0)).toBe(true);
  });
});
