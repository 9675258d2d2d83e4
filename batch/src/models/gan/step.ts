/**
 * One training step of the conditional GAN: `dSteps` discriminator updates on fresh real batches
 * (labels from the data, fakes generated for the same labels; real and fake go through D as one
 * batch of 2B), then one generator update on uniformly drawn categories. Every random draw comes
 * from the step's own `Rng`, so a step is a pure function of (weights, optimiser state, step rng).
 *
 * Optional terms: instance noise on D's inputs, the WGAN gradient penalty, the AC-GAN
 * auxiliary classification loss (`classWeight`) and the mode-seeking regulariser (`modeSeeking`).
 */
import type { Rng } from '#shared/random';
import type { GanResolvedConfig } from '#shared/schemas';
import { tf } from '../../runtime/tf.ts';
import type { Adam } from './adam.ts';
import { oneHot, pixelsPerImage, sampleLabels, sampleNoise, sampleRealBatch } from './batches.ts';
import type { GanImageSet } from './dataset.ts';
import { discriminatorLoss, generatorLoss, gradientPenalty } from './losses.ts';
import { spectralPowerStep } from './spectral-norm.ts';

/** The models and optimisers a step updates. */
export interface Ctx {
  config: GanResolvedConfig;
  data: GanImageSet;
  /** Number of categories (one-hot width). */
  classes: number;
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  optG: Adam;
  optD: Adam;
}

/** σ of the instance noise at `step`: linear from `instanceNoise` to 0 at half the run. */
export function instanceNoiseStd(config: GanResolvedConfig, step: number): number {
  return config.instanceNoise * Math.max(0, 1 - step / (config.steps / 2));
}

/**
 * Multiplier of both learning rates at `step` (0-based): 1, then over the last `lrDecay` fraction
 * of the run linearly down to 1/n of the decay's n steps at the last step (never exactly 0, so the
 * last update still counts).
 */
export function learningRateScale(config: GanResolvedConfig, step: number): number {
  const decaySteps = Math.round((config.lrDecay ?? 0) * config.steps);
  const start = config.steps - decaySteps;
  return step < start ? 1 : (config.steps - step) / decaySteps;
}

/** Sets both optimisers' learning rates for `step` ({@link learningRateScale}). */
export function scheduleLearningRates(ctx: Ctx, step: number): void {
  const scale = learningRateScale(ctx.config, step);
  ctx.optG.setLearningRate(ctx.config.lrG * scale);
  ctx.optD.setLearningRate(ctx.config.lrD * scale);
}

/** Runs one step; returns the last D loss and the G loss when `wantLoss`. */
export function trainStep(
  ctx: Ctx,
  rng: Rng,
  sigma: number,
  wantLoss: boolean,
): { dLoss: number; gLoss: number } | undefined {
  const { config, data, generator, discriminator, classes } = ctx;
  const B = config.batchSize;
  const aux = config.classWeight > 0;
  // D's outputs: the adversarial logit, and with the auxiliary classifier also class logits.
  const Dboth = (x: tf.Tensor, y: tf.Tensor): [tf.Tensor, tf.Tensor | undefined] => {
    const out = discriminator.apply([x, y], { training: true }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? [out[0] as tf.Tensor, out[1]] : [out, undefined];
  };
  const D = (x: tf.Tensor, y: tf.Tensor) => Dboth(x, y)[0];
  const classLoss = (classLogits: tf.Tensor | undefined, y: tf.Tensor) =>
    tf.mul(config.classWeight, tf.losses.softmaxCrossEntropy(y, classLogits as tf.Tensor));
  const G = (z: tf.Tensor, y: tf.Tensor) => generator.apply([z, y], { training: true }) as tf.Tensor;
  const noisy = (x: tf.Tensor, r: Rng) =>
    sigma > 0 ? tf.add(x, tf.mul(sigma, tf.tensor(sampleNoise(r, B, pixelsPerImage(data)), x.shape))) : x;
  const imageShape: [number, number, number, number] = [B, data.rows, data.cols, data.channels ?? 1];

  let dLoss = 0;
  for (let k = 0; k < config.dSteps; k++) {
    const r = rng.fork(`d:${k}`);
    const real = sampleRealBatch(data, r, B);
    const z = sampleNoise(r, B, config.zDim);
    const eps = Float32Array.from({ length: B }, () => r.next());
    // Spectral norm: one power iteration per D update (a no-op without it).
    spectralPowerStep(discriminator);
    dLoss = tf.tidy(() => {
      const y = tf.tensor2d(oneHot(real.labels, classes), [B, classes]);
      const realX = noisy(tf.tensor4d(real.images, imageShape), r);
      const fakeX = noisy(G(tf.tensor2d(z, [B, config.zDim]), y), r);
      // One pass over real and fake together: D has no batch statistics, and one call with
      // batch 2B costs much less than two with B (fewer, larger matrix products).
      const both = tf.concat([realX, fakeX]);
      const yy = tf.concat([y, y]);
      const loss = ctx.optD.minimize(() => {
        const [logits, classLogits] = Dboth(both, yy);
        const [realLogits, fakeLogits] = tf.split(logits, 2) as [tf.Tensor, tf.Tensor];
        let base = discriminatorLoss(config.loss, realLogits, fakeLogits, {
          labelSmoothing: config.labelSmoothing,
        });
        // AC head: learns the category of real images only (classifying fakes too is what makes
        // AC-GAN favour easy, low-diversity samples).
        if (aux) base = tf.add(base, classLoss(tf.split(classLogits as tf.Tensor, 2)[0], y)) as tf.Scalar;
        if (config.loss !== 'wgan-gp' || config.gpWeight === 0) return base;
        const gp = gradientPenalty((x) => D(x, y), realX, fakeX, tf.tensor1d(eps));
        return tf.add(base, tf.mul(config.gpWeight, gp)) as tf.Scalar;
      });
      return wantLoss ? (loss.dataSync()[0] ?? Number.NaN) : 0;
    });
  }

  const r = rng.fork('g');
  const labels = sampleLabels(r, B, classes);
  const half = Math.floor(B / 2);
  // Mode seeking compares pairs (i, i + B/2) drawn for the same category.
  if (config.modeSeeking > 0) for (let i = 0; i < half; i++) labels[i + half] = labels[i] ?? 0;
  const z = sampleNoise(r, B, config.zDim);
  const gLoss = tf.tidy(() => {
    const y = tf.tensor2d(oneHot(labels, classes), [B, classes]);
    const zt = tf.tensor2d(z, [B, config.zDim]);
    const loss = ctx.optG.minimize(() => {
      const fake = G(zt, y);
      const [logits, classLogits] = Dboth(noisy(fake, r), y);
      let total = generatorLoss(config.loss, logits);
      if (aux) total = tf.add(total, classLoss(classLogits, y)) as tf.Scalar;
      if (config.modeSeeking > 0) {
        total = tf.add(total, tf.mul(config.modeSeeking, modeSeekingLoss(fake, zt, half))) as tf.Scalar;
      }
      return total;
    });
    return wantLoss ? (loss.dataSync()[0] ?? Number.NaN) : 0;
  });
  return wantLoss ? { dLoss, gLoss } : undefined;
}

/**
 * Mode-seeking regulariser (Mao et al., "Mode Seeking GANs", CVPR 2019): for pairs of samples of
 * the same category, 1 / (mean|G(z₁) − G(z₂)| / mean|z₁ − z₂| + ε). Minimising it rewards images
 * that move when the noise moves, i.e. penalises collapsing many z onto one item.
 */
export function modeSeekingLoss(images: tf.Tensor, z: tf.Tensor, half: number): tf.Scalar {
  return tf.tidy(() => {
    const [i1, i2] = [images.slice(0, half), images.slice(half, half)];
    const [z1, z2] = [z.slice(0, half), z.slice(half, half)];
    const ratio = tf.div(tf.mean(tf.abs(tf.sub(i1, i2))), tf.mean(tf.abs(tf.sub(z1, z2))));
    return tf.div(1, tf.add(ratio, 1e-5)) as tf.Scalar;
  });
}
