/**
 * GAN objectives: known values, the gradient penalty on a critic with a known gradient, and
 * direction of training on a toy distribution with the real (tiny) generator/discriminator:
 * D's loss drops when D trains alone, G's loss drops when G trains alone against a frozen D.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import type { GanLoss } from '#shared/schemas';
import { Adam, trainableVariables } from '../../../batch/src/models/gan/adam.ts';
import { oneHot, sampleLabels, sampleNoise } from '../../../batch/src/models/gan/batches.ts';
import { buildDiscriminator } from '../../../batch/src/models/gan/discriminator.ts';
import { buildGenerator } from '../../../batch/src/models/gan/generator.ts';
import { discriminatorLoss, generatorLoss, gradientPenalty } from '../../../batch/src/models/gan/losses.ts';
import { modeSeekingLoss } from '../../../batch/src/models/gan/step.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
});

const scalar = (t: tf.Tensor) => t.dataSync()[0] as number;
const col = (...v: number[]) => tf.tensor2d(v, [v.length, 1]);

describe('loss values', () => {
  it('gives 2·ln 2 for the non-saturating loss at zero logits, whatever the smoothing', () => {
    for (const s of [0, 0.1, 0.3]) {
      expect(scalar(discriminatorLoss('ns', col(0, 0), col(0, 0), { labelSmoothing: s }))).toBeCloseTo(
        2 * Math.LN2,
        5,
      );
    }
  });

  it('penalises a confident real logit under label smoothing', () => {
    const plain = scalar(discriminatorLoss('ns', col(8), col(-8)));
    const smoothed = scalar(discriminatorLoss('ns', col(8), col(-8), { labelSmoothing: 0.1 }));
    expect(plain).toBeLessThan(0.01);
    expect(smoothed).toBeCloseTo(0.1 * 8, 1); // (1 − t)·softplus(8) ≈ 0.1·8
  });

  it('computes hinge and Wasserstein losses from their definitions', () => {
    expect(scalar(discriminatorLoss('hinge', col(0.5, 2), col(-0.5, -3)))).toBeCloseTo(
      (0.5 + 0 + 0.5 + 0) / 2,
      6,
    );
    expect(scalar(discriminatorLoss('wgan-gp', col(1, 3), col(0, 0)))).toBeCloseTo(-2 + 1e-3 * 5, 6);
    expect(scalar(generatorLoss('hinge', col(1, 3)))).toBeCloseTo(-2, 6);
    expect(scalar(generatorLoss('ns', col(0)))).toBeCloseTo(Math.LN2, 6);
  });

  it('gives a zero gradient penalty for a unit-gradient critic and (‖w‖ − 1)² otherwise', () => {
    const rng = createRng(3);
    const x = () =>
      tf.tensor4d(
        Float32Array.from({ length: 4 * 9 }, () => rng.normal()),
        [4, 3, 3, 1],
      );
    const w = Float32Array.from({ length: 9 }, () => rng.normal());
    const norm = Math.hypot(...w);
    const critic = (scale: number) => (t: tf.Tensor) =>
      tf.sum(
        tf.mul(
          t,
          tf.tensor4d(
            w.map((v) => (v / norm) * scale),
            [1, 3, 3, 1],
          ),
        ),
        [1, 2, 3],
      );
    const eps = tf.tensor1d([0.1, 0.5, 0.7, 1]);
    expect(scalar(gradientPenalty(critic(1), x(), x(), eps))).toBeCloseTo(0, 5);
    expect(scalar(gradientPenalty(critic(2), x(), x(), eps))).toBeCloseTo(1, 5);
  });
});

describe('mode-seeking regulariser', () => {
  it('is 1 / (image distance / noise distance) over pairs (i, i + half)', () => {
    // Pairs differ by 2 per pixel in the image and by 1 per dimension in the noise → ratio 2.
    const images = tf.concat([tf.zeros([2, 4, 4, 1]), tf.fill([2, 4, 4, 1], 2)]);
    const z = tf.concat([tf.zeros([2, 3]), tf.ones([2, 3])]);
    expect(scalar(modeSeekingLoss(images, z, 2))).toBeCloseTo(0.5, 4);
  });

  it('is huge when different noise gives the same image (collapse)', () => {
    const images = tf.ones([4, 4, 4, 1]);
    const z = tf.concat([tf.zeros([2, 3]), tf.ones([2, 3])]);
    expect(scalar(modeSeekingLoss(images, z, 2))).toBeGreaterThan(1e4);
  });
});

describe('training direction on a toy distribution', () => {
  const B = 16;
  const zDim = 4;
  /** Category c is a bright horizontal band at rows 2c…2c+3 on a dark background. */
  function toyReal(labels: Int32Array): tf.Tensor4D {
    const px = new Float32Array(labels.length * 784).fill(-1);
    labels.forEach((c, i) => {
      for (let r = 2 * c; r < 2 * c + 4; r++) px.fill(1, i * 784 + r * 28 + 4, i * 784 + r * 28 + 24);
    });
    return tf.tensor4d(px, [labels.length, 28, 28, 1]);
  }

  for (const kind of ['ns', 'hinge', 'wgan-gp'] as GanLoss[]) {
    it(`${kind}: D's loss drops when D trains alone, then G's drops against the frozen D`, () => {
      const rng = createRng(5);
      const G = buildGenerator({ zDim, channels: [4, 2] }, rng.fork('g'));
      const D = buildDiscriminator({ channels: [2, 4] }, rng.fork('d'));
      const labels = sampleLabels(rng, B);
      const y = tf.tensor2d(oneHot(labels), [B, 10]);
      const z = tf.tensor2d(sampleNoise(rng, B, zDim), [B, zDim]);
      const real = toyReal(labels);
      const fake = G.predict([z, y]) as tf.Tensor;
      const eps = tf.tensor1d(Float32Array.from({ length: B }, () => rng.next()));
      const dObjective = () => {
        const base = discriminatorLoss(
          kind,
          D.apply([real, y]) as tf.Tensor,
          D.apply([fake, y]) as tf.Tensor,
          {
            labelSmoothing: 0.1,
          },
        );
        if (kind !== 'wgan-gp') return base;
        return tf.add(
          base,
          tf.mul(
            10,
            gradientPenalty((x) => D.apply([x, y]) as tf.Tensor, real, fake, eps),
          ),
        ) as tf.Scalar;
      };

      const optD = new Adam(trainableVariables(D), { lr: 5e-3, beta1: 0.5, beta2: 0.9 });
      const dBefore = scalar(dObjective());
      for (let i = 0; i < 15; i++) optD.minimize(dObjective).dispose();
      const dAfter = scalar(dObjective());
      expect(dAfter).toBeLessThan(dBefore - 0.05);
      // …and in the right direction: D now scores real above fake (a sign error would invert this).
      const meanLogit = (x: tf.Tensor) => scalar(tf.mean(D.apply([x, y]) as tf.Tensor));
      expect(meanLogit(real)).toBeGreaterThan(meanLogit(fake));
      const fakeScoreBefore = meanLogit(fake);

      const gObjective = () =>
        generatorLoss(kind, D.apply([G.apply([z, y], { training: true }) as tf.Tensor, y]) as tf.Tensor);
      const dWeights = D.getWeights().map((t) => t.dataSync().slice());
      const optG = new Adam(trainableVariables(G), { lr: 5e-3, beta1: 0.5, beta2: 0.9 });
      const gBefore = scalar(gObjective());
      for (let i = 0; i < 15; i++) optG.minimize(gObjective).dispose();
      const gAfter = scalar(gObjective());
      expect(gAfter).toBeLessThan(gBefore - 0.05);
      // …by making D score its samples as more real.
      expect(meanLogit(G.apply([z, y], { training: true }) as tf.Tensor)).toBeGreaterThan(fakeScoreBefore);
      // The generator's optimiser never touched the discriminator.
      D.getWeights().forEach((t, i) => {
        expect([...t.dataSync()]).toEqual([...(dWeights[i] as Float32Array)]);
      });
    });
  }
});
