/**
 * Checkpoints: a run interrupted and resumed ends with exactly the weights of an uninterrupted
 * run with the same seed; mismatched options or damaged files are refused.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import type { GanResolvedConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import type { ImageSet } from '../../../batch/src/data/fashion-mnist.ts';
import { loadCheckpoint, loadGenerator } from '../../../batch/src/models/gan/checkpoint.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import type { tf } from '../../../batch/src/runtime/tf.ts';
import { tinyFashion } from './tiny-data.ts';

const config: GanResolvedConfig = {
  loss: 'ns',
  steps: 4,
  batchSize: 8,
  dSteps: 2,
  labelSmoothing: 0.1,
  instanceNoise: 0.1,
  gpWeight: 10,
  classWeight: 0.5,
  modeSeeking: 0.5,
  emaDecay: 0.5,
  spectralNorm: true,
  minibatchStd: true,
  lrG: 1e-3,
  lrD: 1e-3,
  beta1: 0.5,
  beta2: 0.99,
  zDim: 4,
  width: 2,
  seed: 9,
};

let data: ImageSet;
beforeAll(async () => {
  data = await tinyFashion(300);
});

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((t) => [...t.dataSync()]);

describe('GAN checkpoints', () => {
  it('resumes an interrupted run to exactly the weights of an uninterrupted one', async () => {
    const straight = await trainGan({ data, config });

    const store = new MemoryStore('ckpt');
    const ckpt = { store, prefix: 'run', every: 1 };
    const first = await trainGan({ data, config, checkpoint: ckpt, stopAfter: 2 });
    expect(first.step).toBe(2);
    expect((await loadCheckpoint(store, 'run'))?.meta.step).toBe(2);
    const resumed = await trainGan({ data, config, checkpoint: ckpt });
    expect(resumed.resumedFrom).toBe(2);
    expect(resumed.step).toBe(4);

    expect(weightsOf(resumed.generator)).toEqual(weightsOf(straight.generator));
    expect(weightsOf(resumed.generatorEma as tf.LayersModel)).toEqual(
      weightsOf(straight.generatorEma as tf.LayersModel),
    );
    expect(weightsOf(resumed.discriminator)).toEqual(weightsOf(straight.discriminator));
    // Only the latest weights blob is kept.
    expect((await store.list('run/')).map((b) => b.key)).toEqual([
      'run/checkpoint.json',
      'run/weights-4.bin',
    ]);
    // The exporter's entry point rebuilds the weight average (what is evaluated and published);
    // the last weights stay available.
    const loaded = await loadGenerator(store, 'run');
    expect(loaded?.averaged).toBe(true);
    expect(weightsOf(loaded?.generator as tf.LayersModel)).toEqual(
      weightsOf(straight.generatorEma as tf.LayersModel),
    );
    const last = await loadGenerator(store, 'run', 'last');
    expect(weightsOf(last?.generator as tf.LayersModel)).toEqual(weightsOf(straight.generator));
    expect(weightsOf(last?.generator as tf.LayersModel)).not.toEqual(
      weightsOf(straight.generatorEma as tf.LayersModel),
    );
  });

  it('differs from the uninterrupted run when the seed differs (the comparison is not vacuous)', async () => {
    const a = await trainGan({ data, config: { ...config, steps: 1 } });
    const b = await trainGan({ data, config: { ...config, steps: 1, seed: 10 } });
    expect(weightsOf(a.generator)).not.toEqual(weightsOf(b.generator));
  });

  it('refuses to resume with different options', async () => {
    const store = new MemoryStore('ckpt2');
    const ckpt = { store, prefix: 'run', every: 1 };
    await trainGan({ data, config, checkpoint: ckpt, stopAfter: 1 });
    await expect(
      trainGan({ data, config: { ...config, loss: 'hinge' }, checkpoint: ckpt }),
    ).rejects.toMatchObject({
      kind: 'precondition_failed',
    });
  });

  it('leaves the weights of the run a checkpoint was copied from when the copy trains on', async () => {
    const store = new MemoryStore('ckpt4');
    await trainGan({ data, config, checkpoint: { store, prefix: 'run', every: 1 }, stopAfter: 1 });
    // A copied run folder: checkpoint.json still names run/weights-1.bin.
    await store.put('copy/checkpoint.json', await store.get('run/checkpoint.json'));
    await trainGan({ data, config, checkpoint: { store, prefix: 'copy', every: 1 }, stopAfter: 1 });
    expect((await loadCheckpoint(store, 'copy'))?.meta.step).toBe(2);
    expect((await loadCheckpoint(store, 'run'))?.meta.step).toBe(1);
  });

  it('reports a damaged weights blob as corrupt', async () => {
    const store = new MemoryStore('ckpt3');
    await trainGan({ data, config, checkpoint: { store, prefix: 'run', every: 1 }, stopAfter: 1 });
    const key = (await loadCheckpoint(store, 'run'))?.meta.weightsKey as string;
    const bytes = await store.get(key);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await store.put(key, bytes);
    const error = await loadCheckpoint(store, 'run').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'corrupt' });
  });
});
