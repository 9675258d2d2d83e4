/**
 * The conditional generator as the edge will load it: named inputs `noise`/`label`, output
 * `image` in NHWC, a dynamic batch, opset 13, and the same numbers in both onnxruntimes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportLayersModel, onnxParity, onnxSignature } from '../../../batch/src/onnx/index.ts';
import { createOnnxSession, nativeOrtAvailable } from '../../../batch/src/runtime/ort.ts';
import { initTf, type tf } from '../../../batch/src/runtime/tf.ts';
import { tinyGenerator } from './fixtures.ts';

let generator: tf.LayersModel;
const names = { inputNames: ['noise', 'label'], outputNames: ['image'] };

beforeAll(async () => {
  await initTf();
  generator = tinyGenerator();
});

describe('generator export', () => {
  it('writes IR 8 / opset 13 with named inputs, output and a symbolic batch', () => {
    const exported = exportLayersModel(generator, { ...names, metadata: { noiseDim: '8' } });
    const sig = onnxSignature(exported.bytes);
    expect(sig.irVersion).toBeGreaterThanOrEqual(7);
    expect(sig.opset).toBe(13);
    expect([...sig.inputs]).toEqual([
      ['noise', ['batch', 8]],
      ['label', ['batch', 10]],
    ]);
    expect([...sig.outputs]).toEqual([['image', ['batch', 28, 28, 1]]]);
    expect([...sig.metadata]).toEqual([['noiseDim', '8']]);
  });

  it('gives the same bytes when the same model is exported twice', () => {
    expect(exportLayersModel(generator, names).bytes).toEqual(exportLayersModel(generator, names).bytes);
  });

  it('matches tfjs within 1e-4 in onnxruntime-web for batch sizes 1 and 5', async () => {
    const exported = exportLayersModel(generator, names);
    for (const batch of [1, 5]) {
      const report = await onnxParity(generator, exported, { batch, seed: batch });
      expect(report.batch).toBe(batch);
      expect(report.outputs.map((o) => [o.name, o.elements])).toEqual([['image', batch * 28 * 28]]);
      expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    }
  });

  it('loads in onnxruntime-node and agrees with tfjs there too', async () => {
    // onnxruntime-node is a dev dependency of this repo, so it must load in the test environment.
    expect(await nativeOrtAvailable()).toBe(true);
    const exported = exportLayersModel(generator, names);
    const report = await onnxParity(generator, exported, { batch: 3, seed: 9, runtime: 'node' });
    expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });

  it('produces tanh-bounded 28×28×1 images that differ per label', async () => {
    const exported = exportLayersModel(generator, names);
    const session = await createOnnxSession(exported.bytes);
    const noise = new Float32Array(2 * 8).fill(0.3);
    const label = new Float32Array(2 * 10);
    label[0] = 1;
    label[10 + 7] = 1;
    const { image } = await session.run({
      noise: { data: noise, dims: [2, 8] },
      label: { data: label, dims: [2, 10] },
    });
    await session.release();
    expect(image?.dims).toEqual([2, 28, 28, 1]);
    const px = image!.data;
    expect(px.every((v) => v >= -1 && v <= 1)).toBe(true);
    const first = px.subarray(0, 784);
    const second = px.subarray(784);
    expect(first.some((v, i) => Math.abs(v - second[i]!) > 1e-3)).toBe(true);
  });

  it('refuses bytes that are not an ONNX model with a corrupt error', async () => {
    await expect(createOnnxSession(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ kind: 'corrupt' });
  });
});
