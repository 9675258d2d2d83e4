/**
 * Generator evaluation with the real-image classifier (classifier.ts), against one held-out real
 * split — `validation` while choosing options, `test` only for the final report (dataset.ts):
 *
 * - class-correct share: of `perClass` samples asked for each category, how many the classifier
 *   assigns to that category; beside it the *reference*: the same classifier's accuracy on the
 *   real held-out images. A perfect generator scores the reference, not 100 %; a score well above
 *   it means the generator learned to please a classifier rather than to draw the category.
 * - Fréchet distance (frechet.ts) between generated samples and the real held-out images in the
 *   classifier's 128-d feature space, beside the *floor*: the same distance for an equally sized,
 *   class-balanced sample of real training images — what a generator that reproduced the
 *   training distribution would score at this sample size (the estimator is biased upwards for
 *   small samples, so the two are only comparable at equal sizes).
 * - diversity per category: mean pairwise feature distance among that category's generated
 *   samples divided by the same among its real held-out images; well below 1 means mode collapse.
 *
 * The generator enters as a sampler, so the evaluation can be checked against known answers
 * (a "generator" that returns real images) and can score any image source.
 */
import { createRng, type Rng } from '#shared/random';
import type { tf } from '../../runtime/tf.ts';
import { pixelsPerImage } from './batches.ts';
import { classify, FEATURE_DIM, toUnitRange } from './classifier.ts';
import type { EvalSplit, GanImageSet } from './dataset.ts';
import { subset } from './dataset.ts';
import { frechetDistanceOf } from './frechet.ts';
import { generateImages, labelsPerClass } from './sample.ts';

/** Draws one image (bytes, the data's layout) per asked label, deterministically from `seed`. */
export type ImageSampler = (labels: Int32Array, seed: number) => Uint8Array;

export interface CategoryScore {
  category: string;
  classCorrect: number;
  /** The classifier's accuracy on this category's real held-out images. */
  referenceAccuracy: number;
  diversityGenerated: number;
  diversityReal: number;
  diversityRatio: number;
}

export interface GanEvaluation {
  split: EvalSplit;
  samplesPerClass: number;
  /** Generated images (= the real training sample behind the floor). */
  generatedCount: number;
  /** Real held-out images compared against. */
  realCount: number;
  /** Share of all generated samples classified as their asked category (mean over categories). */
  classCorrect: number;
  /** The classifier's accuracy on the real held-out images (mean over categories). */
  referenceAccuracy: number;
  /** Fréchet distance generated ↔ real held-out. */
  fidGenerated: number;
  /** Fréchet distance real training sample ↔ real held-out, at the same sample size. */
  fidFloor: number;
  minDiversityRatio: number;
  categories: CategoryScore[];
}

export interface EvaluateOptions {
  /** A trained generator (inference mode) or any sampler. */
  generator: tf.LayersModel | ImageSampler;
  classifier: tf.LayersModel;
  /** The generator's training images (the floor's sample comes from them). */
  train: GanImageSet;
  /** The held-out real images to compare against, and which split they are. */
  reference: GanImageSet;
  split: EvalSplit;
  categories: readonly string[];
  /** Generated samples per category (default 1,000: 10,000 for ten categories). */
  samplesPerClass?: number;
  seed?: number;
}

/**
 * Scores a generator against real held-out images with `classifier`.
 *
 * @example
 * const e = evaluateGan({ generator, classifier: clf.model, train: d.train, reference: d.validation,
 *   split: 'validation', categories: d.categories });
 * console.log(e.classCorrect, e.referenceAccuracy, e.fidGenerated, e.fidFloor);
 */
export function evaluateGan(options: EvaluateOptions): GanEvaluation {
  const { classifier, train, reference, categories } = options;
  const perClass = options.samplesPerClass ?? 1000;
  const seed = options.seed ?? 1234;
  const classes = categories.length;
  const n = classes * perClass;
  const px = pixelsPerImage(train);
  const features = (set: { images: Uint8Array; count: number }) =>
    classify(classifier, toUnitRange(set.images, 0, set.count, px), set.count);

  const sampler =
    typeof options.generator === 'function'
      ? options.generator
      : (labels: Int32Array, s: number) => generateImages(options.generator as tf.LayersModel, labels, s);
  const asked = labelsPerClass(perClass, classes);
  const gen = features({ images: sampler(asked, seed), count: n });
  const real = subset(reference, balancedRows(reference, classes, perClass));
  const held = features(real);
  const floorSet = subset(train, balancedRows(train, classes, perClass, createRng(seed).fork('floor')));
  const floor = features(floorSet);

  const scores = categories.map((category, c) => {
    const genRows = Array.from({ length: perClass }, (_, i) => c * perClass + i);
    const realRows = [...real.labels.keys()].filter((i) => real.labels[i] === c);
    const diversityGenerated = meanPairwiseDistance(gen.features, genRows);
    const diversityReal = meanPairwiseDistance(held.features, realRows);
    return {
      category,
      classCorrect: genRows.filter((i) => gen.predicted[i] === c).length / perClass,
      referenceAccuracy:
        realRows.filter((i) => held.predicted[i] === c).length / Math.max(1, realRows.length),
      diversityGenerated,
      diversityReal,
      diversityRatio: diversityReal > 0 ? diversityGenerated / diversityReal : Number.NaN,
    };
  });
  const mean = (f: (c: CategoryScore) => number) => scores.reduce((s, c) => s + f(c), 0) / scores.length;
  return {
    split: options.split,
    samplesPerClass: perClass,
    generatedCount: n,
    realCount: real.count,
    classCorrect: mean((c) => c.classCorrect),
    referenceAccuracy: mean((c) => c.referenceAccuracy),
    fidGenerated: frechetDistanceOf(gen.features, held.features, FEATURE_DIM),
    fidFloor: frechetDistanceOf(floor.features, held.features, FEATURE_DIM),
    minDiversityRatio: Math.min(...scores.map((c) => c.diversityRatio)),
    categories: scores,
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

/**
 * Up to `perClass` rows of each category, grouped by category: the first ones in set order, or a
 * seeded random choice when `rng` is given.
 */
export function balancedRows(set: GanImageSet, classes: number, perClass: number, rng?: Rng): number[] {
  const out: number[] = [];
  for (let c = 0; c < classes; c++) {
    const idx = [...set.labels.keys()].filter((i) => set.labels[i] === c);
    out.push(...(rng ? rng.shuffle(idx) : idx).slice(0, perClass));
  }
  return out;
}

/** Whether an evaluation meets the quality targets (issue 13.5). */
export function meetsTargets(e: GanEvaluation): { fid: boolean; classCorrect: boolean; diversity: boolean } {
  return {
    fid: e.fidGenerated <= 2 * e.fidFloor,
    classCorrect: Math.abs(e.classCorrect - e.referenceAccuracy) <= 0.05,
    diversity: e.minDiversityRatio >= 0.8,
  };
}
