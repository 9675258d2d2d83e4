/**
 * The options screened for issue #13.5: a learning-rate decay over the end of the run (applied to
 * both optimisers, resumable) and a discriminator width of its own (`dWidth`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import type { GanResolvedConfig } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import type { ImageSet } from '../../../batch/src/data/fashion-mnist.ts';
import { FASHION_SHOP_CATEGORIES } from '../../../batch/src/models/gan/dataset.ts';
import { discriminatorFor, generatorFor } from '../../../batch/src/models/gan/models.ts';
import { GAN_PRESET_VALUES } from '../../../batch/src/models/gan/presets.ts';
import { learningRateScale } from '../../../batch/src/models/gan/step.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import type { tf } from '../../../batch/src/runtime/tf.ts';
import { tinyFashion } from './tiny-data.ts';

const tiny: GanResolvedConfig = {
  ...GAN_PRESET_VALUES.demo,
  steps: 6,
  batchSize: 8,
  emaDecay: 0.5,
  zDim: 4,
  width: 2,
  seed: 3,
};
const shape = { side: 28, channels: 1 as const, categories: [...FASHION_SHOP_CATEGORIES] };

let data: ImageSet;
beforeAll(async () => {
  data = await tinyFashion(200);
});

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((t) => [...t.dataSync()]);
const kernelShapes = (m: tf.LayersModel) =>
  m.trainableWeights.filter((w) => w.shape.length === 4).map((w) => w.shape);

describe('learning-rate decay', () => {
  it('keeps the rate constant when the option is absent or 0', () => {
    for (const lrDecay of [undefined, 0]) {
      const c = { ...tiny, steps: 10, lrDecay };
      expect(Array.from({ length: 10 }, (_, s) => learningRateScale(c, s))).toEqual(Array(10).fill(1));
    }
  });

  it('is constant, then falls linearly over the last fraction of the run, never reaching 0', () => {
    const c = { ...tiny, steps: 10, lrDecay: 0.4 };
    const scales = Array.from({ length: 10 }, (_, s) => learningRateScale(c, s));
    expect(scales).toEqual([1, 1, 1, 1, 1, 1, 1, 0.75, 0.5, 0.25]);
  });

  it('changes the trained weights, and a run resumed mid-decay ends where an uninterrupted one does', async () => {
    const decayed = { ...tiny, lrDecay: 0.5 };
    const constant = await trainGan({ data, config: tiny });
    const straight = await trainGan({ data, config: decayed });
    expect(weightsOf(straight.generator)).not.toEqual(weightsOf(constant.generator));

    const ckpt = { store: new MemoryStore('decay'), prefix: 'run', every: 1 };
    await trainGan({ data, config: decayed, checkpoint: ckpt, stopAfter: 4 });
    const resumed = await trainGan({ data, config: decayed, checkpoint: ckpt });
    expect(resumed.resumedFrom).toBe(4);
    expect(weightsOf(resumed.generator)).toEqual(weightsOf(straight.generator));
    expect(weightsOf(resumed.discriminator)).toEqual(weightsOf(straight.discriminator));
  });

  it('refuses to resume a run trained without the option (absent there) with a decay asked now', async () => {
    const ckpt = { store: new MemoryStore('decay'), prefix: 'run', every: 1 };
    await trainGan({ data, config: tiny, checkpoint: ckpt, stopAfter: 2 });
    await expect(trainGan({ data, config: { ...tiny, lrDecay: 0.5 }, checkpoint: ckpt })).rejects.toThrow(
      /lrDecay: checkpoint undefined, asked 0.5/,
    );
    // Absent and 0 mean the same (constant rate): that resume is allowed.
    const resumed = await trainGan({ data, config: { ...tiny, lrDecay: 0 }, checkpoint: ckpt });
    expect(resumed.resumedFrom).toBe(2);
  });
});

describe('discriminator width', () => {
  it('widens only the discriminator: its convs at dWidth → 2·dWidth, the generator unchanged', () => {
    const base = discriminatorFor(tiny, shape, createRng(1));
    const wide = discriminatorFor({ ...tiny, dWidth: 5 }, shape, createRng(1));
    expect(kernelShapes(base)).toEqual([
      [4, 4, 1, 2],
      [4, 4, 2, 4],
    ]);
    expect(kernelShapes(wide)).toEqual([
      [4, 4, 1, 5],
      [4, 4, 5, 10],
    ]);
    const g = generatorFor({ ...tiny, dWidth: 5 }, shape, createRng(1));
    expect(kernelShapes(g)).toEqual(kernelShapes(generatorFor(tiny, shape, createRng(1))));
    for (const m of [base, wide, g]) m.dispose();
  });
});
