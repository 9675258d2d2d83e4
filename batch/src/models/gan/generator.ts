/**
 * Conditional DCGAN generator: noise + category → product image (grey 28×28 for Fashion-MNIST,
 * RGB at a shop's chosen side for its own pictures).
 *
 * Contract for the ONNX exporter (batch/src/onnx/) and everything that runs the generator:
 * - a tfjs `LayersModel` with two inputs, in this order:
 *     `noise` float32 [batch, zDim] (standard normal), `label` float32 [batch, classes] (one-hot);
 *   one output float32 [batch, side, side, imageChannels] (NHWC) in [-1, 1]
 *   (pixel = (v + 1) · 127.5; for grey images 1 = ink).
 * - layer classes used, and only these: InputLayer, Concatenate (axis −1), Dense (linear, no bias),
 *   BatchNormalization (axis −1, epsilon 1e-3, center + scale), ReLU, Reshape, Conv2DTranspose
 *   (kernel 4, stride 2, padding 'same', linear, no bias except the last), Activation('tanh').
 *   Activations are always separate layers; no layer has a fused activation.
 * - graph: concat(noise, label) → Dense(b·b·c0) → BN → ReLU → Reshape[b,b,c0]
 *   → for each further width cᵢ: Conv2DTranspose(cᵢ) → BN → ReLU (side doubles)
 *   → Conv2DTranspose(imageChannels, bias) → tanh, with b = side / 2^(number of widths).
 *
 * Why this shape: label-by-concatenation at the input keeps the graph a chain of Gemm/Conv ops
 * that exports cleanly; class fidelity comes from the projection discriminator. Kernel 4 with
 * stride 2 divides evenly and avoids checkerboard artefacts. Widths are sized for CPU training.
 */
import type { Rng } from '#shared/random';
import { tf } from '../../runtime/tf.ts';
import { initWeights } from './init.ts';

/** Fashion-MNIST's shape, the default of every builder. */
export const NUM_CLASSES = 10;
export const IMAGE_SIDE = 28;

export interface GeneratorConfig {
  /** Noise dimension. */
  zDim: number;
  /** Channels after the dense layer, then after each upsampling but the last (one per stride-2 stage). */
  channels: number[];
  /** Output side in pixels (default 28); must be divisible by 2^channels.length. */
  side?: number;
  /** Output channels: 1 grey (default) or 3 RGB. */
  imageChannels?: number;
  /** Number of categories (default 10). */
  classes?: number;
}

/**
 * Channel widths for a `side`-pixel image at base width `width`: the fewest stride-2 stages
 * (at least 2) that bring the side to ≤ 8 pixels, widest first (…, 4w, 2w, w).
 *
 * @example
 * stageWidths(32, 28); // [64, 32]  (7 → 14 → 28)
 * stageWidths(32, 64); // [128, 64, 32]  (8 → 16 → 32 → 64)
 */
export function stageWidths(width: number, side: number): number[] {
  let stages = 2;
  while (side / 2 ** stages > 8 || side % 2 ** stages !== 0) {
    stages += 1;
    if (side % 2 ** stages !== 0) {
      throw new RangeError(`image side ${side} is not divisible by 2^${stages}; use e.g. 28, 32, 64`);
    }
  }
  return Array.from({ length: stages }, (_, i) => width * 2 ** (stages - 1 - i));
}

/**
 * Builds the generator with seeded initial weights.
 *
 * @example
 * const g = buildGenerator({ zDim: 64, channels: [64, 32] }, createRng(1).fork('g'));
 * const img = g.predict([noise, oneHot]) as tf.Tensor4D; // [n, 28, 28, 1]
 */
export function buildGenerator(config: GeneratorConfig, rng: Rng): tf.LayersModel {
  const side = config.side ?? IMAGE_SIDE;
  const classes = config.classes ?? NUM_CLASSES;
  const widths = config.channels;
  const base = side / 2 ** widths.length;
  if (!Number.isInteger(base)) throw new RangeError(`side ${side} is not divisible by 2^${widths.length}`);
  const noise = tf.input({ shape: [config.zDim], name: 'noise' });
  const label = tf.input({ shape: [classes], name: 'label' });
  let h = tf.layers.concatenate({ axis: -1 }).apply([noise, label]) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ units: base * base * (widths[0] ?? 1), useBias: false })
    .apply(h) as tf.SymbolicTensor;
  h = bnRelu(h);
  h = tf.layers.reshape({ targetShape: [base, base, widths[0] ?? 1] }).apply(h) as tf.SymbolicTensor;
  for (const filters of widths.slice(1)) h = bnRelu(upsample(filters, false).apply(h) as tf.SymbolicTensor);
  h = upsample(config.imageChannels ?? 1, true).apply(h) as tf.SymbolicTensor;
  const image = tf.layers.activation({ activation: 'tanh' }).apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [noise, label], outputs: image, name: 'generator' });
  initWeights(model, rng);
  return model;
}

function upsample(filters: number, useBias: boolean): tf.layers.Layer {
  return tf.layers.conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 'same', useBias });
}

function bnRelu(h: tf.SymbolicTensor): tf.SymbolicTensor {
  // momentum 0.9: the moving statistics used at inference (and exported) follow the last few
  // dozen steps, not a stale average from early training.
  const bn = tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-3 }).apply(h);
  return tf.layers.reLU().apply(bn) as tf.SymbolicTensor;
}
