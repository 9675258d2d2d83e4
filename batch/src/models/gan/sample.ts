/**
 * Drawing images from a trained generator: seeded noise, inference mode (BatchNorm moving
 * statistics, as the exported ONNX model runs), bytes in Fashion-MNIST's convention
 * (0 = background, 255 = ink).
 */
import { createRng } from '#shared/random';
import { tf } from '../../runtime/tf.ts';
import { oneHot, sampleNoise } from './batches.ts';
import { NUM_CLASSES } from './generator.ts';

/**
 * Generates one image per entry of `labels` with noise from `seed`; returns n×side×side×channels bytes.
 * Runs in chunks of `chunk` so memory stays flat for large n.
 *
 * @example
 * const pixels = generateImages(generator, Int32Array.from([0, 1, 2]), 7);
 */
export function generateImages(
  generator: tf.LayersModel,
  labels: Int32Array,
  seed: number,
  chunk = 256,
): Uint8Array {
  const zDim = (generator.inputs[0]?.shape[1] ?? 0) as number;
  const classes = (generator.inputs[1]?.shape[1] ?? NUM_CLASSES) as number;
  const [, h, w, c] = generator.outputs[0]?.shape ?? [];
  const px = ((h ?? 0) as number) * ((w ?? 0) as number) * ((c ?? 1) as number);
  const out = new Uint8Array(labels.length * px);
  const rng = createRng(seed).fork('samples');
  for (let start = 0; start < labels.length; start += chunk) {
    const part = labels.subarray(start, Math.min(labels.length, start + chunk));
    const n = part.length;
    const values = tf.tidy(() => {
      const z = tf.tensor2d(sampleNoise(rng, n, zDim), [n, zDim]);
      const y = tf.tensor2d(oneHot(part, classes), [n, classes]);
      const img = generator.predict([z, y]) as tf.Tensor;
      return img.dataSync() as Float32Array;
    });
    for (let i = 0; i < values.length; i++) {
      out[start * px + i] = Math.max(0, Math.min(255, Math.round(((values[i] ?? 0) + 1) * 127.5)));
    }
  }
  return out;
}

/** `perClass` labels of each of `classes` categories, grouped by category: 0,0,…,1,1,…. */
export function labelsPerClass(perClass: number, classes = NUM_CLASSES): Int32Array {
  return Int32Array.from({ length: classes * perClass }, (_, i) => Math.floor(i / perClass));
}
