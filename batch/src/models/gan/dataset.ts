/**
 * The labelled image sets a GAN trains and is judged on, and the validation split.
 *
 * Three disjoint sets, so that choosing options never looks at the images of the final report:
 * - `train`: what the GAN (and the evaluation classifier) learn from;
 * - `validation`: held out of the training file, class-balanced; presets and options are chosen
 *   on it (`vitrine gan-eval --split validation`, the default);
 * - `test`: the data set's own test images (Fashion-MNIST's t10k), used only for the final report
 *   (`--split test`, what `bench:gan` prints).
 * The split is seeded by a fixed seed, not the GAN's, so runs with different training seeds are
 * judged on the same validation images.
 */
import { createRng } from '#shared/random';
import type { GanImageShape } from '#shared/schemas';
import { FASHION_CLASS_IDS, type FashionMnist, type ImageSet } from '../../data/fashion-mnist.ts';
import { pixelsPerImage } from './batches.ts';

/** An image set whose images may have several channels (NHWC bytes; default 1). */
export interface GanImageSet extends ImageSet {
  channels?: number;
}

export interface GanData {
  train: GanImageSet;
  validation: GanImageSet;
  test: GanImageSet;
  categories: readonly string[];
}

export type EvalSplit = 'validation' | 'test';

/** Held-out share per category, capped so the full data set gives 1,000 per category (10,000). */
export const VALIDATION_FRACTION = 1 / 6;
export const VALIDATION_MAX_PER_CLASS = 1000;
const SPLIT_SEED = 20261203;

/**
 * Holds out a class-balanced validation set from `train`: ⌊fraction · nᶜ⌋ images of each
 * category c (at most `maxPerClass`), chosen with a fixed seed; the rest stays for training.
 *
 * @example
 * const { train, validation } = holdOutValidation(fashion.train, 10); // 50,000 / 10,000 on the full set
 */
export function holdOutValidation(
  set: GanImageSet,
  classes: number,
  fraction = VALIDATION_FRACTION,
  maxPerClass = VALIDATION_MAX_PER_CLASS,
  label = 'validation',
): { train: GanImageSet; validation: GanImageSet } {
  const rng = createRng(SPLIT_SEED).fork(label);
  const held = new Uint8Array(set.count);
  for (let c = 0; c < classes; c++) {
    const idx = [...set.labels.keys()].filter((i) => set.labels[i] === c);
    const k = Math.min(maxPerClass, Math.floor(idx.length * fraction));
    for (const i of rng.shuffle(idx).slice(0, k)) held[i] = 1;
  }
  const pick = (keep: number) =>
    subset(
      set,
      [...held.keys()].filter((i) => held[i] === keep),
    );
  return { train: pick(0), validation: pick(1) };
}

/** The images at `rows` (in that order) as a new set. */
export function subset(set: GanImageSet, rows: readonly number[]): GanImageSet {
  const px = pixelsPerImage(set);
  const images = new Uint8Array(rows.length * px);
  const labels = new Uint8Array(rows.length);
  rows.forEach((src, i) => {
    images.set(set.images.subarray(src * px, (src + 1) * px), i * px);
    labels[i] = set.labels[src] ?? 0;
  });
  return { ...set, images, labels, count: rows.length };
}

/**
 * The demo shop's category ids in Fashion-MNIST label order: the demo store files picture i of
 * label l under category l (batch/src/demo-store), so a generator trained on Fashion-MNIST draws
 * these categories. The one place the GAN code names the demo's categories.
 */
export const FASHION_SHOP_CATEGORIES: readonly string[] = [...FASHION_CLASS_IDS];

/** Fashion-MNIST as GAN data: the training file split into train + validation, t10k as test. */
export function fashionGanData(fashion: FashionMnist): GanData {
  const { train, validation } = holdOutValidation(fashion.train, fashion.categories.length);
  return { train, validation, test: fashion.test, categories: FASHION_SHOP_CATEGORIES };
}

/** The checkpoints written before shop images existed: Fashion-MNIST's shape. */
export const FASHION_SHAPE: GanImageShape = {
  side: 28,
  channels: 1,
  categories: [...FASHION_SHOP_CATEGORIES],
};
