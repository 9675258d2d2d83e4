/**
 * Conditional DCGAN generator: noise + category → 28×28 grey product image.
 *
 * Contract for the ONNX exporter (batch/src/onnx/) and everything that runs the generator:
 * - a tfjs `LayersModel` with two inputs, in this order:
 *     `noise` float32 [batch, zDim] (standard normal), `label` float32 [batch, 10] (one-hot category);
 *   one output float32 [batch, 28, 28, 1] (NHWC) in [-1, 1] (pixel = (v + 1) · 127.5; 1 = ink).
 * - layer classes used, and only these: InputLayer, Concatenate (axis −1), Dense (linear, no bias),
 *   BatchNormalization (axis −1, epsilon 1e-3, center + scale), ReLU, Reshape, Conv2DTranspose
 *   (kernel 4, stride 2, padding 'same', linear, no bias except the last), Activation('tanh').
 *   Activations are always separate layers; no layer has a fused activation.
 * - graph: concat(noise, label) → Dense(7·7·c0) → BN → ReLU → Reshape[7,7,c0]
 *   → Conv2DTranspose(c1) → BN → ReLU (14×14) → Conv2DTranspose(1, bias) (28×28) → tanh.
 *
 * Why this shape: label-by-concatenation at the input keeps the graph a chain of Gemm/Conv ops
 * that exports cleanly; class fidelity comes from the projection discriminator. Kernel 4 with
 * stride 2 divides evenly and avoids checkerboard artefacts. Widths are sized for CPU training.
 */
import type { Rng } from '#shared/random';
import { tf } from '../../runtime/tf.ts';
import { initWeights } from './init.ts';

export const NUM_CLASSES = 10;
export const IMAGE_SIDE = 28;

export interface GeneratorConfig {
  /** Noise dimension. */
  zDim: number;
  /** Channels at 7×7 and 14×14. */
  channels: [number, number];
}

/**
 * Builds the generator with seeded initial weights.
 *
 * @example
 * const g = buildGenerator({ zDim: 64, channels: [64, 32] }, createRng(1).fork('g'));
 * const img = g.predict([noise, oneHot]) as tf.Tensor4D; // [n, 28, 28, 1]
 */
export function buildGenerator(config: GeneratorConfig, rng: Rng): tf.LayersModel {
  const [c0, c1] = config.channels;
  const noise = tf.input({ shape: [config.zDim], name: 'noise' });
  const label = tf.input({ shape: [NUM_CLASSES], name: 'label' });
  let h = tf.layers.concatenate({ axis: -1 }).apply([noise, label]) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 7 * 7 * c0, useBias: false }).apply(h) as tf.SymbolicTensor;
  h = bnRelu(h);
  h = tf.layers.reshape({ targetShape: [7, 7, c0] }).apply(h) as tf.SymbolicTensor;
  h = upsample(c1, false).apply(h) as tf.SymbolicTensor;
  h = bnRelu(h);
  h = upsample(1, true).apply(h) as tf.SymbolicTensor;
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
