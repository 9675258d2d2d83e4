import { beforeAll, describe, expect, it } from 'vitest';
import { MfConfig } from '#shared/schemas';
import { subset, toCsr } from '../../../batch/src/data/interactions.ts';
import { embedFeatures, fitFeatureMap, type SparseFeatures } from '../../../batch/src/models/mf/features.ts';
import { type IalsResult, trainIals } from '../../../batch/src/models/mf/ials.ts';
import { featureGroups, relevanceBlock } from '../../../batch/src/models/towers/batches.ts';
import {
  createTower,
  disposeTower,
  embedRows,
  towerVocabulary,
  trainTower,
} from '../../../batch/src/models/towers/index.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';
import { meanAuc, type PlantedTastes, plantedTastes } from './planted-tastes.ts';

const DIM = 16;
const mf = MfConfig.parse({ factors: DIM, iterations: 8, compute: 'js', threads: 1, seed: 3 });
const row = (m: Float32Array, r: number) => m.subarray(r * DIM, (r + 1) * DIM);
const names = (f: SparseFeatures, r: number) =>
  Array.from(f.indices.subarray(f.indptr[r]!, f.indptr[r + 1]!), (k) => f.names[k]!);

/** Every fourth item (and, for users, every fifth user) is cold: no interaction reaches training. */
interface Fixture {
  p: PlantedTastes;
  coldItems: number[];
  warmModel: IalsResult;
  isCold: Uint8Array;
}

let fx: Fixture;

beforeAll(async () => {
  await initTf();
  const p = plantedTastes(7);
  const isCold = Uint8Array.from(p.set.itemIds, (_, i) => (i % 4 === 0 ? 1 : 0));
  const warm = subset(
    p.set,
    Uint8Array.from(p.set.items, (i) => 1 - isCold[i]!),
  );
  const coldItems = Array.from(isCold.keys()).filter((i) => isCold[i]);
  fx = { p, coldItems, warmModel: await trainIals(warm, mf), isCold };
}, 120_000);

describe('feature towers', () => {
  it('rank held-out cold items by the planted feature combination; an untrained tower and the linear map cannot', async () => {
    const { p, coldItems, warmModel, isCold } = fx;
    const warm = subset(
      p.set,
      Uint8Array.from(p.set.items, (i) => 1 - isCold[i]!),
    );
    const result = await trainTower(
      {
        side: 'item',
        features: p.itemFeatures,
        teacher: warmModel.itemFactors,
        counterpart: warmModel.userFactors,
        dim: DIM,
        positives: toCsr(warm, 'user'),
        numItems: p.set.itemIds.length,
        trainable: Uint8Array.from(isCold, (c) => 1 - c),
      },
      { maxEpochs: 80, patience: 10 },
    );
    const users = Array.from(p.taste.keys());
    const liked = (u: number, i: number) => p.itemClass[i] === p.taste[u];
    const x = (u: number) => row(warmModel.userFactors, u);
    const towerVectors = embedRows(result.tower, p.itemFeatures, coldItems);
    const at = new Map(coldItems.map((i, c) => [i, c]));
    const trained = meanAuc(users, coldItems, x, (i) => row(towerVectors, at.get(i)!), liked);

    const untrained = createTower(result.tower.vocab, 128, DIM, 99);
    const randomVectors = embedRows(untrained, p.itemFeatures, coldItems);
    const random = meanAuc(users, coldItems, x, (i) => row(randomVectors, at.get(i)!), liked);

    const counts = toCsr(warm, 'item');
    const map = fitFeatureMap(p.itemFeatures, warmModel.itemFactors, DIM, {
      counts: Array.from(p.set.itemIds, (_, i) => counts.indptr[i + 1]! - counts.indptr[i]!),
    });
    const linear = meanAuc(users, coldItems, x, (i) => embedFeatures(map, names(p.itemFeatures, i)), liked);
    disposeTower(result.tower);
    disposeTower(untrained);

    expect(trained).toBeGreaterThan(0.9);
    expect(Math.abs(random - 0.5)).toBeLessThan(0.15);
    expect(linear).toBeLessThan(0.7);
    expect(result.bestEpoch).toBeGreaterThan(0);
  }, 120_000);

  it('give cold users (no interactions) vectors from their features that rank their taste first', async () => {
    const { p } = fx;
    const isColdUser = Uint8Array.from(p.taste, (_, u) => (u % 5 === 0 ? 1 : 0));
    const model = await trainIals(
      subset(
        p.set,
        Uint8Array.from(p.set.users, (u) => 1 - isColdUser[u]!),
      ),
      mf,
    );
    const result = await trainTower(
      {
        side: 'user',
        features: p.userFeatures,
        teacher: model.userFactors,
        counterpart: model.itemFactors,
        dim: DIM,
        positives: toCsr(p.set, 'user'),
        numItems: p.set.itemIds.length,
        trainable: Uint8Array.from(isColdUser, (c) => 1 - c),
      },
      { maxEpochs: 60, patience: 10 },
    );
    const coldUsers = Array.from(isColdUser.keys()).filter((u) => isColdUser[u]);
    const vectors = embedRows(result.tower, p.userFeatures, coldUsers);
    const at = new Map(coldUsers.map((u, k) => [u, k]));
    const items = Array.from(p.itemClass.keys());
    const auc = meanAuc(
      coldUsers,
      items,
      (u) => row(vectors, at.get(u)!),
      (i) => row(model.itemFactors, i),
      (u, i) => p.itemClass[i] === p.taste[u],
    );
    disposeTower(result.tower);
    expect(auc).toBeGreaterThan(0.9);
  }, 120_000);
});

describe('tower initialisation', () => {
  it('draws the same starting weights for the same seed, seed 0 included', () => {
    const names = ['a', 'b', 'c'];
    const vocab = { names, column: new Map(names.map((n, k) => [n, k])) };
    for (const seed of [0, 7]) {
      const [one, two] = [createTower(vocab, 8, 4, seed), createTower(vocab, 8, 4, seed)];
      expect(Array.from(one.w1.dataSync())).toEqual(Array.from(two.w1.dataSync()));
      expect(Array.from(one.w2.dataSync())).toEqual(Array.from(two.w2.dataSync()));
      disposeTower(one);
      disposeTower(two);
    }
  });
});

describe('tower batches', () => {
  it('merge candidates with identical features into one column that counts them and their positives', () => {
    const features = {
      names: ['a', 'b'],
      indptr: Int32Array.of(0, 1, 2, 3, 5),
      indices: Int32Array.of(0, 1, 0, 1, 0),
    };
    const groups = featureGroups(features);
    expect([...groups]).toEqual([0, 1, 0, 2]);
    // user 0 touched items 0 and 2 (same group), user 1 item 3.
    const positives = { indptr: Int32Array.of(0, 2, 3), indices: Int32Array.of(0, 2, 3) };
    const block = relevanceBlock(positives, Int32Array.of(0, 1), Int32Array.of(0, 1, 2, 3), 4, groups);
    expect([...block.items]).toEqual([0, 1, 3]);
    expect([...block.multiplicity]).toEqual([2, 1, 1]);
    expect([...block.relevance]).toEqual([2, 0, 0, 0, 0, 1]);
    expect(block.positives).toBe(3);
  });

  it('keep the most supported features of trained rows in the input vocabulary', () => {
    const features = {
      names: ['rare', 'common', 'cold-only'],
      indptr: Int32Array.of(0, 2, 3, 4, 5),
      indices: Int32Array.of(0, 1, 1, 1, 2),
    };
    const vocab = towerVocabulary(features, Float32Array.of(1, 1, 1, 0), 8, 1);
    expect(vocab.names).toEqual(['common', 'rare']);
  });
});
