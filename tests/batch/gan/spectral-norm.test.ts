/**
 * Spectral normalisation: known answers against an independent float64 reference (σ of a matrix
 * built from chosen singular values, and a long power iteration on a conv kernel's matrix), the
 * estimate tracking σ with one iteration per D update while D trains, and a generator trained
 * against a normalised D exporting to ONNX with parity (D is never exported; its u, v are saved).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { MemoryStore } from '#shared/storage';
import { BUNDLED_DIR, loadFashionMnist } from '../../../batch/src/data/fashion-mnist.ts';
import { exportGanGenerator } from '../../../batch/src/jobs/gan-export.ts';
import { Adam, trainableVariables } from '../../../batch/src/models/gan/adam.ts';
import { oneHot, sampleLabels } from '../../../batch/src/models/gan/batches.ts';
import { loadCheckpoint } from '../../../batch/src/models/gan/checkpoint.ts';
import { subset } from '../../../batch/src/models/gan/dataset.ts';
import { buildDiscriminator } from '../../../batch/src/models/gan/discriminator.ts';
import { resolveGanConfig } from '../../../batch/src/models/gan/presets.ts';
import {
  SpectralConv2D,
  SpectralDense,
  spectralLayers,
  spectralPowerStep,
} from '../../../batch/src/models/gan/spectral-norm.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';
import { hingeUpdate } from './d-step.ts';

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
});

/** Largest singular value of a row-major [rows, cols] matrix: 2,000 float64 power iterations on AᵀA. */
function referenceSigma(a: ArrayLike<number>, rows: number, cols: number): number {
  let x = Array.from({ length: cols }, (_, i) => 1 + i / cols);
  let lambda = 0;
  for (let it = 0; it < 2000; it++) {
    const ax = Array.from({ length: rows }, (_, r) =>
      x.reduce((s, xv, c) => s + (a[r * cols + c] ?? 0) * xv, 0),
    );
    const atax = Array.from({ length: cols }, (_, c) =>
      ax.reduce((s, v, r) => s + (a[r * cols + c] ?? 0) * v, 0),
    );
    lambda = Math.hypot(...atax);
    x = atax.map((v) => v / lambda);
  }
  return Math.sqrt(lambda);
}

/** A one-layer model around `layer` (so it is built and its weights are settable). */
function wrap(layer: tf.layers.Layer, inputShape: number[]): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

const value = (t: tf.Tensor) => t.dataSync()[0] as number;

describe('spectral normalisation', () => {
  it('estimates σ of a 3×2 matrix with singular values 3 and 0.5, and the normalised kernel has σ 1', () => {
    // A = U·diag(3, 0.5)·Vᵀ with U's columns (1,2,2)/3, (2,1,−2)/3 and V a 30° rotation.
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const U = [
      [1 / 3, 2 / 3],
      [2 / 3, 1 / 3],
      [2 / 3, -2 / 3],
    ];
    const V = [
      [c, -s],
      [s, c],
    ];
    const sv = [3, 0.5];
    const A = U.flatMap((u) => [0, 1].map((j) => u[0]! * sv[0]! * V[j]![0]! + u[1]! * sv[1]! * V[j]![1]!));
    expect(referenceSigma(A, 3, 2)).toBeCloseTo(3, 6);

    const layer = new SpectralDense({ units: 2, useBias: false });
    const model = wrap(layer, [3]);
    model.setWeights([tf.tensor2d(A, [3, 2]), tf.tensor1d([1, 0]), tf.zeros([3])]);
    for (let i = 0; i < 20; i++) layer.powerStep();
    expect(value(layer.sigma())).toBeCloseTo(3, 4);
    const normalised = layer.normalisedKernel().dataSync();
    expect(referenceSigma(normalised, 3, 2)).toBeCloseTo(1, 4);
    // The layer computes x·W̄: the first right singular direction is scaled by exactly 1.
    const x = tf.tensor2d(
      U.map((u) => u[0]!),
      [1, 3],
    );
    expect(value(tf.norm(model.predict(x) as tf.Tensor))).toBeCloseTo(1, 4);
  });

  it('normalises a conv kernel [4, 4, 3, 5] by the σ of its [48, 5] matrix', () => {
    const layer = new SpectralConv2D({ units: 5, useBias: true });
    const model = wrap(layer, [8, 8, 3]);
    const rng = createRng(3);
    const kernel = Float32Array.from({ length: 4 * 4 * 3 * 5 }, () => rng.normal());
    model.setWeights([tf.tensor(kernel, [4, 4, 3, 5]), tf.zeros([5]), tf.ones([5]), tf.zeros([48])]);
    for (let i = 0; i < 50; i++) layer.powerStep();
    const sigma = referenceSigma(kernel, 48, 5);
    expect(value(layer.sigma()) / sigma).toBeCloseTo(1, 4);
    expect(referenceSigma(layer.normalisedKernel().dataSync(), 48, 5)).toBeCloseTo(1, 4);
    expect((model.predict(tf.ones([1, 8, 8, 3])) as tf.Tensor).shape).toEqual([1, 4, 4, 5]);
  });

  it('tracks σ with one power iteration per update while the discriminator trains', () => {
    const d = buildDiscriminator({ channels: [4, 8], spectralNorm: true }, createRng(5).fork('d'));
    const layers = spectralLayers(d);
    expect(layers).toHaveLength(4); // two convs, the linear head, the class embedding
    const opt = new Adam(trainableVariables(d), { lr: 1e-2, beta1: 0.5, beta2: 0.999 });
    const rng = createRng(6);
    for (let step = 0; step < 40; step++) {
      spectralPowerStep(d);
      tf.tidy(() => {
        // Hinge loss on a batch whose first half plays "real", second half "fake".
        const x = tf.randomNormal([8, 28, 28, 1], 0, 1, 'float32', step);
        const y = tf.tensor2d(oneHot(sampleLabels(rng, 8, 10), 10), [8, 10]);
        hingeUpdate(d, opt, x, y);
      });
    }
    opt.dispose();
    spectralPowerStep(d);
    for (const layer of layers) {
      const w = layer.normalisedKernel();
      const rows = w.size / (w.shape.at(-1) ?? 1);
      // The embedding [10, 1568] has 10 rows; σ of its transpose is the same.
      expect(referenceSigma(w.dataSync(), rows, w.shape.at(-1) ?? 1)).toBeCloseTo(1, 2);
    }
  });

  it('leaves the generator exportable: an SN-trained run passes ONNX parity; D saves u and v', async () => {
    const store = new MemoryStore('sn');
    const config = resolveGanConfig({
      preset: 'demo',
      loss: 'hinge',
      spectralNorm: true,
      steps: 6,
      batchSize: 8,
      width: 4,
      zDim: 8,
      emaDecay: 0.5,
    });
    const train = loadFashionMnist(BUNDLED_DIR).train;
    const data = subset(
      train,
      Array.from({ length: 200 }, (_, i) => i),
    );
    await trainGan({ data, config, checkpoint: { store, prefix: 'sn', every: 6 } });
    const saved = await loadCheckpoint(store, 'sn');
    const names = saved?.meta.discriminator.map((t) => t.name) ?? [];
    expect(names.filter((n) => n.endsWith('/sn_u'))).toHaveLength(4);
    expect(names.filter((n) => n.endsWith('/sn_v'))).toHaveLength(4);
    const exported = await exportGanGenerator({ store, prefix: 'sn', parityPerClass: 3, seed: 2 });
    expect(exported.listing.parity.runtimes?.map((r) => r.runtime)).toEqual(['web', 'node']);
    for (const r of exported.listing.parity.runtimes ?? []) expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  }, 120_000);
});
