/**
 * A trained generator (tiny, a few dozen steps on real Fashion-MNIST images, with the EMA
 * average) through checkpoint → export job → parity gate on onnxruntime-web and -node: the
 * published file draws what tfjs draws for every category and many latents, and the gate refuses
 * a file when the tolerance cannot be met.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { BUNDLED_DIR, loadFashionMnist } from '../../../batch/src/data/fashion-mnist.ts';
import { exportGanGenerator } from '../../../batch/src/jobs/gan-export.ts';
import { loadGenerator } from '../../../batch/src/models/gan/checkpoint.ts';
import { subset } from '../../../batch/src/models/gan/dataset.ts';
import { resolveGanConfig } from '../../../batch/src/models/gan/presets.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import { generatorParityFeeds } from '../../../batch/src/onnx/index.ts';
import { createOnnxSession } from '../../../batch/src/runtime/ort.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';

const store = new MemoryStore('trained-generator');
let exported: Awaited<ReturnType<typeof exportGanGenerator>>;

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
  const train = loadFashionMnist(BUNDLED_DIR).train;
  const config = resolveGanConfig({
    preset: 'demo',
    steps: 30,
    batchSize: 16,
    width: 4,
    zDim: 8,
    emaDecay: 0.8,
  });
  await trainGan({
    data: subset(
      train,
      Array.from({ length: 500 }, (_, i) => i),
    ),
    config,
    checkpoint: { store, prefix: 'tiny', every: 30 },
  });
  exported = await exportGanGenerator({ store, prefix: 'tiny', parityPerClass: 12, seed: 4 });
}, 300_000);

describe('trained generator export', () => {
  it('passes parity on both onnxruntimes for 12 latents of each of the 10 categories', () => {
    const { parity } = exported.listing;
    expect(parity.batch).toBe(120);
    expect(parity.runtimes?.map((r) => r.runtime)).toEqual(['web', 'node']);
    for (const r of parity.runtimes ?? []) expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });

  it('exports the weight average: ONNX draws what the averaged model draws, not the last weights', async () => {
    const ema = await loadGenerator(store, 'tiny');
    const last = await loadGenerator(store, 'tiny', 'last');
    expect(ema?.averaged).toBe(true);
    const feeds = generatorParityFeeds(8, 10, 2, 11);
    const session = await createOnnxSession(exported.onnx, { runtime: 'node' });
    const onnx = (await session.run(feeds)).image!.data;
    await session.release();
    const draw = (g: tf.LayersModel) =>
      tf.tidy(() => {
        const out = g.predict([
          tf.tensor(feeds.noise.data, feeds.noise.dims),
          tf.tensor(feeds.label.data, feeds.label.dims),
        ]) as tf.Tensor;
        return out.dataSync() as Float32Array;
      });
    const fromEma = draw(ema!.generator);
    const fromLast = draw(last!.generator);
    const maxDiff = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    expect(maxDiff(onnx, fromEma)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(fromEma, fromLast)).toBeGreaterThan(1e-3);
    // Rows of one category with different latents differ: the latent reaches the output.
    expect(maxDiff(onnx.subarray(0, 784), onnx.subarray(784, 1568))).toBeGreaterThan(1e-3);
  });

  it('refuses to store the file when the tolerance cannot be met', async () => {
    await expect(exportGanGenerator({ store, prefix: 'tiny', tolerance: 1e-12 })).rejects.toMatchObject({
      kind: 'precondition_failed',
    });
  });
});
