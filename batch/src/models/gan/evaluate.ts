/**
 * Generator evaluation with the real-image classifier (classifier.ts):
 *
 * - class-correct share: of `perClass` samples asked for each category, how many the classifier
 *   assigns to that category (overall and per category);
 * - Fréchet distance (frechet.ts) between generated samples and real test images in the
 *   classifier's 128-d feature space, beside the same distance between an equally sized sample
 *   of real *training* images and the test images — the floor a perfect generator would reach
 *   with this many samples;
 * - diversity per category: mean pairwise Euclidean feature distance among that category's
 *   generated samples divided by the same among its real test images. A ratio well below 1
 *   means the generator draws the same few items (mode collapse).
 *
 * All sample sets have 10·perClass images: real test = the first 10·perClass test images (the
 * bundled subset has 1,000), real train = perClass random training images per category (seeded).
 */
import { createRng } from '#shared/random';
import type { FashionMnist, ImageSet } from '../../data/fashion-mnist.ts';
import type { tf } from '../../runtime/tf.ts';
import { classify, FEATURE_DIM, toUnitRange } from './classifier.ts';
import { frechetDistanceOf } from './frechet.ts';
import { IMAGE_SIDE, NUM_CLASSES } from './generator.ts';
import { generateImages, labelsPerClass } from './sample.ts';

export interface CategoryScore {
  category: string;
  classCorrect: number;
  diversityGenerated: number;
  diversityReal: number;
  diversityRatio: number;
}

export interface GanEvaluation {
  samplesPerClass: number;
  /** Share of all generated samples classified as their asked category. */
  classCorrect: number;
  fidGeneratedTest: number;
  fidTrainTest: number;
  /** Classifier accuracy on the real test images used here (its own reliability). */
  classifierTestAccuracy: number;
  minDiversityRatio: number;
  categories: CategoryScore[];
}

export interface EvaluateOptions {
  generator: tf.LayersModel;
  classifier: tf.LayersModel;
  data: FashionMnist;
  samplesPerClass?: number;
  seed?: number;
}

/**
 * Scores `generator` against real Fashion-MNIST with `classifier`.
 *
 * @example
 * const e = evaluateGan({ generator, classifier: clf.model, data });
 * console.log(e.classCorrect, e.fidGeneratedTest, e.fidTrainTest);
 */
export function evaluateGan(options: EvaluateOptions): GanEvaluation {
  const { generator, classifier, data } = options;
  const perClass = options.samplesPerClass ?? 100;
  const seed = options.seed ?? 1234;
  const n = NUM_CLASSES * perClass;

  const askedLabels = labelsPerClass(perClass);
  const generated = generateImages(generator, askedLabels, seed);
  const gen = classify(classifier, toUnitRange(generated, 0, n), n);

  const testCount = Math.min(n, data.test.count);
  const test = classify(classifier, toUnitRange(data.test.images, 0, testCount), testCount);
  const testLabels = data.test.labels.subarray(0, testCount);

  const trainIdx = balancedSample(data.train, perClass, seed);
  const trainImages = new Uint8Array(trainIdx.length * IMAGE_SIDE * IMAGE_SIDE);
  trainIdx.forEach((src, i) => {
    trainImages.set(data.train.images.subarray(src * 784, (src + 1) * 784), i * 784);
  });
  const train = classify(classifier, toUnitRange(trainImages, 0, trainIdx.length), trainIdx.length);

  const categories: CategoryScore[] = data.categories.map((category, c) => {
    let correct = 0;
    for (let i = c * perClass; i < (c + 1) * perClass; i++) if (gen.predicted[i] === c) correct++;
    const genRows = Array.from({ length: perClass }, (_, i) => c * perClass + i);
    const realRows = [...testLabels.keys()].filter((i) => testLabels[i] === c);
    const diversityGenerated = meanPairwiseDistance(gen.features, genRows);
    const diversityReal = meanPairwiseDistance(test.features, realRows);
    return {
      category,
      classCorrect: correct / perClass,
      diversityGenerated,
      diversityReal,
      diversityRatio: diversityReal > 0 ? diversityGenerated / diversityReal : Number.NaN,
    };
  });
  let testCorrect = 0;
  for (let i = 0; i < testCount; i++) if (test.predicted[i] === testLabels[i]) testCorrect++;

  return {
    samplesPerClass: perClass,
    classCorrect: categories.reduce((s, c) => s + c.classCorrect, 0) / categories.length,
    fidGeneratedTest: frechetDistanceOf(gen.features, test.features, FEATURE_DIM),
    fidTrainTest: frechetDistanceOf(train.features, test.features, FEATURE_DIM),
    classifierTestAccuracy: testCorrect / testCount,
    minDiversityRatio: Math.min(...categories.map((c) => c.diversityRatio)),
    categories,
  };
}

/** Mean Euclidean distance over all pairs of the given feature rows (0 for fewer than 2). */
export function meanPairwiseDistance(features: Float32Array, rows: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < rows.length; a++) {
    const ra = (rows[a] ?? 0) * FEATURE_DIM;
    for (let b = a + 1; b < rows.length; b++) {
      const rb = (rows[b] ?? 0) * FEATURE_DIM;
      let d2 = 0;
      for (let k = 0; k < FEATURE_DIM; k++) d2 += ((features[ra + k] ?? 0) - (features[rb + k] ?? 0)) ** 2;
      sum += Math.sqrt(d2);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** `perClass` random indices of each category (without replacement where possible), seeded. */
function balancedSample(set: ImageSet, perClass: number, seed: number): number[] {
  const rng = createRng(seed).fork('train-sample');
  const out: number[] = [];
  for (let c = 0; c < NUM_CLASSES; c++) {
    const idx = [...set.labels.keys()].filter((i) => set.labels[i] === c);
    out.push(...rng.shuffle(idx).slice(0, perClass));
  }
  return out;
}
