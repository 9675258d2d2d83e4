/**
 * Small tfjs models with seeded random weights for the exporter tests. tfjs initialisers are
 * not seeded across processes, so every weight is overwritten from our own seeded stream.
 */
import { createRng } from '#shared/random';
import { tf } from '../../../batch/src/runtime/tf.ts';

/** Overwrites every weight with seeded values; BN variances stay positive. */
export function randomizeWeights(model: tf.LayersModel, seed: number): tf.LayersModel {
  const rng = createRng(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const n = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
      const data = new Float32Array(n);
      const variance = w.originalName.endsWith('moving_variance');
      for (let i = 0; i < n; i++) data[i] = variance ? 0.5 + rng.next() : rng.normal() * 0.5;
      return tf.tensor(data, w.shape as number[]);
    });
    if (values.length > 0) layer.setWeights(values);
    for (const v of values) v.dispose();
  }
  return model;
}

/** A one-input model: `build` receives the input and returns the output. */
export function singleInput(
  shape: number[],
  build: (x: tf.SymbolicTensor) => tf.SymbolicTensor,
  seed = 1,
): tf.LayersModel {
  const input = tf.input({ shape, name: 'x' });
  return randomizeWeights(tf.model({ inputs: input, outputs: build(input) }), seed);
}

/** Applies a layer to a symbolic tensor (tfjs's `apply` is typed loosely). */
export function call(layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(x) as tf.SymbolicTensor;
}

/**
 * A small conditional DCGAN generator of the shape the GAN module builds: noise and one-hot
 * label joined, Dense → BN → LeakyReLU → Reshape(7,7,C) → Conv2DTranspose ×2 → tanh image.
 */
export function tinyGenerator(zDim = 8, seed = 7): tf.LayersModel {
  const noise = tf.input({ shape: [zDim], name: 'noise' });
  const label = tf.input({ shape: [10], name: 'label' });
  let x = call(tf.layers.concatenate(), [noise, label]);
  x = call(tf.layers.dense({ units: 7 * 7 * 8, useBias: false }), x);
  x = call(tf.layers.batchNormalization(), x);
  x = call(tf.layers.leakyReLU({ alpha: 0.2 }), x);
  x = call(tf.layers.reshape({ targetShape: [7, 7, 8] }), x);
  x = call(
    tf.layers.conv2dTranspose({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
    x,
  );
  x = call(tf.layers.batchNormalization(), x);
  x = call(tf.layers.reLU(), x);
  x = call(
    tf.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' }),
    x,
  );
  return randomizeWeights(tf.model({ inputs: [noise, label], outputs: x, name: 'tiny_generator' }), seed);
}
