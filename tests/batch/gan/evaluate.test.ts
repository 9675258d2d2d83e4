/**
 * The evaluation classifier (cached artifact) and the generator evaluation built on it, checked
 * against known answers: "generators" that return real images whose scores are known.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { MemoryStore } from '#shared/storage';
import { BUNDLED_DIR, loadFashionMnist } from '../../../batch/src/data/fashion-mnist.ts';
import {
  type Classifier,
  type ClassifierConfig,
  classify,
  loadOrTrainClassifier,
  toUnitRange,
} from '../../../batch/src/models/gan/classifier.ts';
import { fashionGanData, type GanData, subset } from '../../../batch/src/models/gan/dataset.ts';
import {
  balancedRows,
  evaluateGan,
  type ImageSampler,
  meanPairwiseDistance,
} from '../../../batch/src/models/gan/evaluate.ts';
import { buildGenerator } from '../../../batch/src/models/gan/generator.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';

const config: ClassifierConfig = { epochs: 1, batchSize: 50, lr: 2e-3, lrDecay: 0.5, seed: 3 };
const PER_CLASS = 40;
let data: GanData;
let clf: Classifier;
const cache = new MemoryStore('classifier-cache');

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
  const full = fashionGanData(loadFashionMnist(BUNDLED_DIR));
  // 1,000 training images keep the classifier quick to train; validation and test stay whole.
  data = {
    ...full,
    train: subset(
      full.train,
      Array.from({ length: 1000 }, (_, i) => i),
    ),
  };
  clf = await loadOrTrainClassifier(data.train, cache, config);
});

/** A "generator" that returns, for asked category c, the images at `rows` of `set` (c's block). */
const replay =
  (set: GanData['train'], rows: number[]): ImageSampler =>
  (labels) => {
    const out = new Uint8Array(labels.length * 784);
    for (let i = 0; i < labels.length; i++) {
      out.set(set.images.subarray(rows[i]! * 784, (rows[i]! + 1) * 784), i * 784);
    }
    return out;
  };

const evaluate = (generator: Parameters<typeof evaluateGan>[0]['generator'], samplesPerClass = PER_CLASS) =>
  evaluateGan({
    generator,
    classifier: clf.model,
    train: data.train,
    reference: data.validation,
    split: 'validation',
    categories: data.categories,
    samplesPerClass,
    seed: 5,
  });

describe('evaluation classifier', () => {
  it('holds out a class-balanced validation split disjoint from training', () => {
    const full = fashionGanData(loadFashionMnist(BUNDLED_DIR));
    // The bundled subset has 500 training images per category: ⌊500 / 6⌋ = 83 held out of each.
    expect(full.validation.count).toBe(830);
    expect(full.train.count).toBe(5000 - 830);
    const key = (set: GanData['train'], i: number) => set.images.subarray(i * 784, (i + 1) * 784).join(',');
    const trainKeys = new Set(Array.from({ length: full.train.count }, (_, i) => key(full.train, i)));
    const leaked = Array.from({ length: full.validation.count }, (_, i) => key(full.validation, i)).filter(
      (k) => trainKeys.has(k),
    );
    expect(leaked).toEqual([]);
  });

  it('trains well above chance and reuses the cached weights', async () => {
    const test = classify(clf.model, toUnitRange(data.test.images, 0, 500), 500);
    const correct = [...test.predicted].filter((p, i) => p === data.test.labels[i]).length;
    expect(correct / 500).toBeGreaterThan(0.5); // chance is 0.1
    const again = await loadOrTrainClassifier(data.train, cache, config);
    expect(again.cached).toBe(true);
    expect(again.key).toBe(clf.key);
    expect([...classify(again.model, toUnitRange(data.test.images, 0, 500), 500).predicted]).toEqual([
      ...test.predicted,
    ]);
  });
});

describe('generator evaluation (known answers)', () => {
  it('scores the real held-out images themselves at the reference: same accuracy, FD 0, diversity 1', () => {
    const e = evaluate(replay(data.validation, balancedRows(data.validation, 10, PER_CLASS)));
    expect(e.generatedCount).toBe(400);
    expect(e.realCount).toBe(400);
    expect(e.classCorrect).toBe(e.referenceAccuracy);
    expect(e.referenceAccuracy).toBeGreaterThan(0.5);
    expect(e.fidGenerated).toBeLessThan(1e-6 * e.fidFloor + 1e-9);
    expect(e.categories).toHaveLength(10);
    for (const c of e.categories) {
      expect(c.diversityRatio).toBe(1);
      expect(c.classCorrect).toBe(c.referenceAccuracy);
    }
  });

  it('scores the floor sample of training images exactly at the floor', () => {
    const rows = balancedRows(data.train, 10, PER_CLASS, createRng(5).fork('floor'));
    const e = evaluate(replay(data.train, rows));
    expect(e.fidGenerated).toBe(e.fidFloor);
    expect(e.fidFloor).toBeGreaterThan(0);
  });

  it('counts a sample as correct only when it is classified as the asked category', () => {
    // Asked c, the sampler returns real images of c + 1: class-correct = how often the classifier
    // calls a real (c + 1) image "c", computed here directly.
    const real = balancedRows(data.validation, 10, PER_CLASS);
    const shifted = real.map((_, i) => real[(i + PER_CLASS) % real.length]!);
    const e = evaluate(replay(data.validation, shifted));
    const pred = classify(
      clf.model,
      toUnitRange(data.validation.images, 0, data.validation.count),
      data.validation.count,
    );
    for (let c = 0; c < 10; c++) {
      const rows = shifted.slice(c * PER_CLASS, (c + 1) * PER_CLASS);
      const expected = rows.filter((r) => pred.predicted[r] === c).length / PER_CLASS;
      expect(e.categories[c]?.classCorrect).toBeCloseTo(expected, 10);
    }
    expect(e.classCorrect).toBeLessThan(e.referenceAccuracy / 2);
  });

  it('gives a generator that repeats one image per category zero diversity', () => {
    const real = balancedRows(data.validation, 10, PER_CLASS);
    const e = evaluate(
      replay(
        data.validation,
        real.map((_, i) => real[i - (i % PER_CLASS)]!),
      ),
    );
    expect(e.minDiversityRatio).toBe(0);
    expect(e.fidGenerated).toBeGreaterThan(e.fidFloor);
  });

  it('scores an untrained generator far from real data', () => {
    const generator = buildGenerator({ zDim: 8, channels: [4, 2] }, createRng(1).fork('g'));
    const e = evaluate(generator, 20);
    expect(e.fidGenerated).toBeGreaterThan(3 * e.fidFloor);
    expect(e.minDiversityRatio).toBeLessThan(0.5);
  });

  it('measures diversity as mean pairwise distance', () => {
    // Three 128-d points: two identical, one at distance 2 from both → pairs 0, 2, 2.
    const f = new Float32Array(3 * 128);
    f[2 * 128] = 2;
    expect(meanPairwiseDistance(f, [0, 1, 2])).toBeCloseTo(4 / 3, 6);
    expect(meanPairwiseDistance(f, [0])).toBe(0);
  });
});
