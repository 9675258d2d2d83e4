/**
 * Minibatch standard deviation: the known value of the extra channel, groups of consecutive
 * samples that never mix the real and the fake half of a [real; fake] batch, and a discriminator
 * with the layer that builds and trains (gradients flow through the group statistics).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { Adam, trainableVariables } from '../../../batch/src/models/gan/adam.ts';
import { buildDiscriminator } from '../../../batch/src/models/gan/discriminator.ts';
import { groupFor, MinibatchStd } from '../../../batch/src/models/gan/minibatch-std.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';
import { hingeUpdate } from './d-step.ts';

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
});

/** The appended channel of `x` [n, h, w, c], one value per sample (it is constant over h, w). */
function extra(x: tf.Tensor4D, groupSize = 4): number[] {
  const out = new MinibatchStd(groupSize).apply(x) as tf.Tensor4D;
  const [n, h, w, c] = out.shape;
  expect([h, w, c]).toEqual([x.shape[1], x.shape[2], x.shape[3] + 1]);
  const v = out.dataSync();
  return Array.from({ length: n }, (_, i) => v[i * h * w * c + c - 1] as number);
}

describe('minibatch standard deviation', () => {
  it('picks the largest group size that divides the batch', () => {
    expect([groupFor(64, 4), groupFor(6, 4), groupFor(7, 4), groupFor(2, 4)]).toEqual([4, 3, 1, 2]);
  });

  it('appends the mean per-feature std of each group: ~0 for identical samples, 1 for ±1 around a mean', () => {
    // Group 1: four copies of one image. Group 2: every feature is mean ± 1 (population std 1).
    const same = Array.from({ length: 4 }, () => [0.3, -0.2, 0.5, 0.1]);
    const spread = [1, -1, 1, -1].map((sign) => [2 + sign, 5 - sign, sign, 7 + sign]);
    const x = tf.tensor4d([...same, ...spread].flat(), [8, 2, 2, 1]);
    const s = extra(x);
    for (const v of s.slice(0, 4)) expect(v).toBeCloseTo(1e-4, 5); // sqrt(1e-8)
    for (const v of s.slice(4)) expect(v).toBeCloseTo(1, 5);
  });

  it('never mixes the two halves of a [real; fake] batch: changing the fakes leaves the reals’ channel', () => {
    const rng = createRng(2);
    const real = Array.from({ length: 8 * 9 }, () => rng.normal());
    const fakeA = Array.from({ length: 8 * 9 }, () => rng.normal());
    const fakeB = Array.from({ length: 8 * 9 }, () => 10 * rng.normal());
    const a = extra(tf.tensor4d([...real, ...fakeA], [16, 3, 3, 1]));
    const b = extra(tf.tensor4d([...real, ...fakeB], [16, 3, 3, 1]));
    expect(b.slice(0, 8)).toEqual(a.slice(0, 8));
    expect(b[8]).toBeGreaterThan(5 * (a[8] ?? 0));
  });

  it('feeds the last conv of the discriminator: the std channel’s kernel weights train', () => {
    const d = buildDiscriminator({ channels: [4, 8], minibatchStd: true, spectralNorm: true }, createRng(3));
    const lastConv = d.trainableWeights.find((w) => w.shape.length === 4 && w.shape[2] === 5);
    expect(lastConv).toBeDefined(); // 4 channels + the std channel feed the last conv
    const opt = new Adam(trainableVariables(d), { lr: 1e-2, beta1: 0.5, beta2: 0.999 });
    const before = lastConv?.read().dataSync().slice();
    tf.tidy(() => {
      const x = tf.randomNormal([8, 28, 28, 1], 0, 1, 'float32', 1);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10).toFloat();
      hingeUpdate(d, opt, x, y);
    });
    opt.dispose();
    const after = lastConv?.read().dataSync();
    // Kernel [4, 4, 5, 8]: input channel (i / 8) % 5 = 4 is the std channel.
    const stdChannel = (i: number) => Math.floor(i / 8) % 5 === 4;
    expect(after?.some((v, i) => stdChannel(i) && v !== before?.[i])).toBe(true);
  });
});
