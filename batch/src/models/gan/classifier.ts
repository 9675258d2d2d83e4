/**
 * The evaluation classifier: a small CNN trained on the real training images, used to judge
 * generated samples (is it the category we asked for?) and as the feature space of the Fréchet
 * distance and diversity (its 128-d penultimate layer, after ReLU).
 *
 *   conv4×4/2(16)+ReLU → conv4×4/2(32)+ReLU → dense(128)+ReLU [features] → dense(classes)
 *
 * Independent of the GAN's training loss: its own network, weights and seed, trained on real
 * images only and never part of any graph the generator's gradients flow through. The
 * discriminator's auxiliary classifier (AC-GAN, `classWeight`) is a different head inside D; a
 * generator that learns to please it is rewarded for D's notion of the category, not this one's.
 * The evaluation reports this classifier's accuracy on real held-out images beside class-correct,
 * so a generator that scores *above* real images (what a gamed evaluator looks like) is visible.
 *
 * Strided convolutions rather than conv + max-pool: same receptive field, a quarter of the conv
 * work, and no MaxPoolGrad (slow on WASM).
 *
 * Trained with softmax cross-entropy and our Adam on seeded batches, so a given data set and
 * config always give the same classifier. Training costs minutes on 2 cores, so the weights are
 * cached as an artifact keyed by sha256(data fingerprint + config) and reused by every evaluation.
 */

import { sha256Hex } from '#shared/crypto';
import { createRng } from '#shared/random';
import type { BlobStore } from '#shared/storage';
import { tf } from '../../runtime/tf.ts';
import { Adam, trainableVariables } from './adam.ts';
import { oneHot, pixelsPerImage } from './batches.ts';
import type { GanImageSet } from './dataset.ts';
import { NUM_CLASSES } from './generator.ts';
import { initWeights } from './init.ts';
import { fingerprint } from './train.ts';
import { TensorPacker, TensorReader } from './weights-io.ts';

export interface ClassifierConfig {
  epochs: number;
  batchSize: number;
  /** Learning rate of the first epoch; multiplied by `lrDecay` after each epoch. */
  lr: number;
  lrDecay: number;
  seed: number;
}

/**
 * 2 epochs, learning rate 2e-3 then 1e-3, convs 16/32: a quarter of the training cost of the
 * earlier 4 epochs at convs 32/64 (one epoch of that took 31 min on the shared 2 cores); its
 * accuracy on real held-out images is reported with every evaluation.
 */
export const DEFAULT_CLASSIFIER_CONFIG: ClassifierConfig = {
  epochs: 2,
  batchSize: 128,
  lr: 2e-3,
  lrDecay: 0.5,
  seed: 7,
};
export const FEATURE_DIM = 128;

export interface Classifier {
  /** Maps images [n,side,side,channels] in [-1,1] to [features [n,128], logits [n,classes]]. */
  model: tf.LayersModel;
  /** Cache key (sha256 of data fingerprint + config). */
  key: string;
  /** Whether the weights came from the cache. */
  cached: boolean;
}

function buildClassifier(seed: number, set: GanImageSet, classes: number): tf.LayersModel {
  const image = tf.input({ shape: [set.rows, set.cols, set.channels ?? 1] });
  let h = image;
  for (const filters of [16, 32]) {
    h = tf.layers
      .conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' })
      .apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const features = tf.layers.dense({ units: FEATURE_DIM, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: classes }).apply(features) as tf.SymbolicTensor;
  const model = tf.model({ inputs: image, outputs: [features, logits], name: 'fashion_classifier' });
  // He-style scale for ReLU nets: std ≈ √(2 / fan-in) averaged over the layers (~0.05).
  initWeights(model, createRng(seed).fork('classifier'), 0.05);
  return model;
}

/** Bytes (0…255) of `count` images of `px` bytes from image `start` → float32 in [-1, 1], the generator's range. */
export function toUnitRange(images: Uint8Array, start: number, count: number, px = 784): Float32Array {
  const out = new Float32Array(count * px);
  for (let i = 0; i < out.length; i++) out[i] = (images[start * px + i] ?? 0) / 127.5 - 1;
  return out;
}

/**
 * Loads the cached classifier for `train` + `config` from `cache`, or trains and caches it.
 *
 * @example
 * const clf = await loadOrTrainClassifier(data.train, openStore('file://.vitrine'));
 */
export async function loadOrTrainClassifier(
  train: GanImageSet,
  cache: BlobStore,
  config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG,
  onEpoch?: (epoch: number, loss: number) => void,
  classes = NUM_CLASSES,
): Promise<Classifier> {
  const key = await sha256Hex(
    new TextEncoder().encode(`${await fingerprint(train)}:${JSON.stringify(config)}`),
  );
  const model = buildClassifier(config.seed, train, classes);
  const blobKey = `classifier/${key}.bin`;
  const tocKey = `classifier/${key}.json`;
  try {
    const toc = JSON.parse(new TextDecoder().decode(await cache.get(tocKey)));
    new TensorReader(await cache.get(blobKey), blobKey).restoreModel(model, toc);
    return { model, key, cached: true };
  } catch {
    // Missing, unreadable, or cached for another architecture (shapes differ): (re)train below.
  }
  trainClassifier(model, train, config, classes, onEpoch);
  const pack = new TensorPacker();
  const toc = pack.addModel(model);
  await cache.put(blobKey, pack.bytes());
  await cache.put(tocKey, new TextEncoder().encode(JSON.stringify(toc)));
  return { model, key, cached: false };
}

function trainClassifier(
  model: tf.LayersModel,
  train: GanImageSet,
  config: ClassifierConfig,
  classes: number,
  onEpoch?: (epoch: number, loss: number) => void,
): void {
  const adam = new Adam(trainableVariables(model), { lr: config.lr, beta1: 0.9, beta2: 0.999 });
  const rng = createRng(config.seed).fork('classifier-batches');
  const B = config.batchSize;
  const px = pixelsPerImage(train);
  const shape: [number, number, number, number] = [B, train.rows, train.cols, train.channels ?? 1];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    adam.setLearningRate(config.lr * config.lrDecay ** epoch);
    const order = rng.shuffle(Array.from({ length: train.count }, (_, i) => i));
    let sum = 0;
    let batches = 0;
    for (let start = 0; start + B <= order.length; start += B) {
      const images = new Float32Array(B * px);
      const labels = new Int32Array(B);
      for (let i = 0; i < B; i++) {
        const src = order[start + i] ?? 0;
        labels[i] = train.labels[src] ?? 0;
        images.set(toUnitRange(train.images, src, 1, px), i * px);
      }
      sum += tf.tidy(() => {
        const x = tf.tensor4d(images, shape);
        const y = tf.tensor2d(oneHot(labels, classes), [B, classes]);
        const loss = adam.minimize(() => {
          const [, logits] = model.apply(x, { training: true }) as tf.Tensor[];
          return tf.losses.softmaxCrossEntropy(y, logits as tf.Tensor) as tf.Scalar;
        });
        return loss.dataSync()[0] ?? 0;
      });
      batches += 1;
    }
    onEpoch?.(epoch + 1, sum / Math.max(1, batches));
  }
  adam.dispose();
}

/**
 * Runs the classifier on n images in [-1,1] (its input shape): features (n×128) and predicted categories.
 *
 * @example
 * const { features, predicted } = classify(clf.model, toUnitRange(test.images, 0, 1000), 1000);
 */
export function classify(
  model: tf.LayersModel,
  images: Float32Array,
  n: number,
  chunk = 500,
): { features: Float32Array; predicted: Int32Array } {
  const features = new Float32Array(n * FEATURE_DIM);
  const predicted = new Int32Array(n);
  const [, h, w, c] = (model.inputs[0]?.shape ?? []) as number[];
  const px = (h ?? 0) * (w ?? 0) * (c ?? 1);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(start * px, (start + m) * px), [m, h ?? 0, w ?? 0, c ?? 1]);
      const [f, logits] = model.predict(x) as tf.Tensor[];
      features.set((f as tf.Tensor).dataSync() as Float32Array, start * FEATURE_DIM);
      predicted.set(tf.argMax(logits as tf.Tensor, -1).dataSync() as Int32Array, start);
    });
  }
  return { features, predicted };
}
