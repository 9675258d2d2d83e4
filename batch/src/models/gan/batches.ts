/**
 * Seeded mini-batches for GAN training: real images scaled to [-1, 1], Gaussian noise, one-hot
 * labels. All randomness comes from the caller's `Rng` (one fork per training step), so a run is
 * reproducible and a resumed run draws exactly the batches an uninterrupted one would.
 */
import type { Rng } from '#shared/random';
import type { ImageSet } from '../../data/fashion-mnist.ts';
import { NUM_CLASSES } from './generator.ts';

export interface RealBatch {
  /** n × rows × cols × channels values in [-1, 1] (NHWC). */
  images: Float32Array;
  labels: Int32Array;
}

/**
 * Draws `n` training images uniformly with replacement.
 *
 * @example
 * const { images, labels } = sampleRealBatch(data.train, rng, 64);
 */
export function sampleRealBatch(data: ImageSet, rng: Rng, n: number): RealBatch {
  const px = pixelsPerImage(data);
  const images = new Float32Array(n * px);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = rng.nextInt(data.count);
    labels[i] = data.labels[src] ?? 0;
    const from = src * px;
    for (let p = 0; p < px; p++) images[i * px + p] = (data.images[from + p] ?? 0) / 127.5 - 1;
  }
  return { images, labels };
}

/** `n × dim` standard normal values. */
export function sampleNoise(rng: Rng, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/** `n` categories of `classes` drawn uniformly. */
export function sampleLabels(rng: Rng, n: number, classes = NUM_CLASSES): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextInt(classes);
  return out;
}

/** `labels.length × classes` one-hot rows. */
export function oneHot(labels: ArrayLike<number>, classes = NUM_CLASSES): Float32Array {
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + (labels[i] ?? 0)] = 1;
  return out;
}

/** Bytes per image of a set: rows × cols × channels (channels 1 unless the set says otherwise). */
export function pixelsPerImage(set: Pick<ImageSet, 'rows' | 'cols'> & { channels?: number }): number {
  return set.rows * set.cols * (set.channels ?? 1);
}
