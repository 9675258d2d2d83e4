/**
 * The generator and discriminator a config + image shape describe, with seeded initial weights,
 * and the moving average of the generator's weights (EMA).
 *
 * EMA (Yazıcı et al., "The Unusual Effectiveness of Averaging in GAN Training", ICLR 2019):
 * after every generator update, w̄ ← d·w̄ + (1 − d)·w for every trainable weight. The average
 * sits near the centre of the orbit the adversarial game makes G's weights circle, so it draws
 * cleaner images than the last iterate at no training cost. BatchNorm moving statistics are not
 * averaged: they belong to the weights that produced them, so they are re-estimated for w̄
 * ({@link recalibrateBatchNorm}) before the average is saved, evaluated or exported.
 */
import type { Rng } from '#shared/random';
import type { GanImageShape, GanResolvedConfig } from '#shared/schemas';
import { tf } from '../../runtime/tf.ts';
import { oneHot, sampleLabels, sampleNoise } from './batches.ts';
import { buildDiscriminator } from './discriminator.ts';
import { buildGenerator, stageWidths } from './generator.ts';

/** The generator for `config` and `shape`, initialised from `rng`. */
export function generatorFor(config: GanResolvedConfig, shape: GanImageShape, rng: Rng): tf.LayersModel {
  return buildGenerator(
    {
      zDim: config.zDim,
      channels: stageWidths(config.width, shape.side),
      side: shape.side,
      imageChannels: shape.channels,
      classes: shape.categories.length,
    },
    rng,
  );
}

/**
 * The discriminator for `config` and `shape` (the generator's widths mirrored, at base width
 * `dWidth` when set), initialised from `rng`.
 */
export function discriminatorFor(config: GanResolvedConfig, shape: GanImageShape, rng: Rng): tf.LayersModel {
  return buildDiscriminator(
    {
      channels: stageWidths(config.dWidth || config.width, shape.side).reverse(),
      side: shape.side,
      imageChannels: shape.channels,
      classes: shape.categories.length,
      auxClassifier: config.classWeight > 0,
      spectralNorm: config.spectralNorm,
      minibatchStd: config.minibatchStd,
    },
    rng,
  );
}

/** A copy of `source`'s weights (trainable and BatchNorm statistics) into `target` (same architecture). */
export function copyWeights(source: tf.LayersModel, target: tf.LayersModel): void {
  target.setWeights(source.getWeights());
}

/** One EMA update of `ema`'s trainable weights towards `live`'s: w̄ ← d·w̄ + (1 − d)·w. */
export function emaUpdate(ema: tf.LayersModel, live: tf.LayersModel, decay: number): void {
  tf.tidy(() => {
    ema.trainableWeights.forEach((w, i) => {
      const src = live.trainableWeights[i];
      if (!src) throw new Error(`EMA: live generator has no weight ${i}`);
      const v = w.read() as tf.Variable;
      v.assign(tf.add(tf.mul(decay, v), tf.mul(1 - decay, src.read())));
    });
  });
}

/**
 * Re-estimates the BatchNorm moving statistics of `generator` for its current weights: forward
 * passes in training mode (which update the moving averages, momentum 0.9) on `passes` seeded
 * batches of uniformly drawn categories. 40 passes leave 0.9⁴⁰ ≈ 1.5 % of the old statistics.
 */
export function recalibrateBatchNorm(
  generator: tf.LayersModel,
  zDim: number,
  classes: number,
  rng: Rng,
  passes = 40,
  batch = 128,
): void {
  for (let p = 0; p < passes; p++) {
    const r = rng.fork(p);
    const labels = sampleLabels(r, batch, classes);
    const z = sampleNoise(r, batch, zDim);
    tf.tidy(() => {
      generator.apply(
        [tf.tensor2d(z, [batch, zDim]), tf.tensor2d(oneHot(labels, classes), [batch, classes])],
        {
          training: true,
        },
      );
    });
  }
}
