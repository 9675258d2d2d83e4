/**
 * The evaluation classifier (cached artifact) and the generator evaluation built on it.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { MemoryStore } from '#shared/storage';
import { BUNDLED_DIR, type FashionMnist, loadFashionMnist } from '../../../batch/src/data/fashion-mnist.ts';
import {
  type ClassifierConfig,
  classify,
  loadOrTrainClassifier,
  toUnitRange,
} from '../../../batch/src/models/gan/classifier.ts';
import { evaluateGan, meanPairwiseDistance } from '../../../batch/src/models/gan/evaluate.ts';
import { buildGenerator } from '../../../batch/src/models/gan/generator.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';

const config: ClassifierConfig = { epochs: 1, batchSize: 50, lr: 2e-3, lrDecay: 0.5, seed: 3 };
let data: FashionMnist;

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
  const full = loadFashionMnist(BUNDLED_DIR);
  const n = 1000;
  data = {
    ...full,
    train: {
      ...full.train,
      count: n,
      images: full.train.images.subarray(0, n * 784),
      labels: full.train.labels.subarray(0, n),
    },
  };
});

describe('evaluation classifier and generator scores', () => {
  const cache = new MemoryStore('classifier-cache');

  it('trains a classifier well above chance and reuses it from the cache', async () => {
    const first = await loadOrTrainClassifier(data.train, cache, config);
    expect(first.cached).toBe(false);
    const test = classify(first.model, toUnitRange(data.test.images, 0, 500), 500);
    let correct = 0;
    for (let i = 0; i < 500; i++) if (test.predicted[i] === data.test.labels[i]) correct++;
    expect(correct / 500).toBeGreaterThan(0.5); // chance is 0.1

    const again = await loadOrTrainClassifier(data.train, cache, config);
    expect(again.cached).toBe(true);
    expect(again.key).toBe(first.key);
    const test2 = classify(again.model, toUnitRange(data.test.images, 0, 500), 500);
    expect([...test2.predicted]).toEqual([...test.predicted]);
  });

  it('scores an untrained generator far from real data, and real train close to real test', async () => {
    const clf = await loadOrTrainClassifier(data.train, cache, config);
    const generator = buildGenerator({ zDim: 8, channels: [4, 2] }, createRng(1).fork('g'));
    const e = evaluateGan({ generator, classifier: clf.model, data, samplesPerClass: 20 });
    expect(e.categories).toHaveLength(10);
    expect(e.fidGeneratedTest).toBeGreaterThan(3 * e.fidTrainTest);
    expect(e.classifierTestAccuracy).toBeGreaterThan(0.5);
    expect(e.classCorrect).toBeGreaterThanOrEqual(0);
    expect(e.classCorrect).toBeLessThanOrEqual(1);
    for (const c of e.categories) expect(Number.isFinite(c.diversityRatio)).toBe(true);
  });

  it('measures diversity as mean pairwise distance', () => {
    // Three 128-d points: two identical, one at distance 2 from both → pairs 0, 2, 2.
    const f = new Float32Array(3 * 128);
    f[2 * 128] = 2;
    expect(meanPairwiseDistance(f, [0, 1, 2])).toBeCloseTo(4 / 3, 6);
    expect(meanPairwiseDistance(f, [0])).toBe(0);
  });
});
