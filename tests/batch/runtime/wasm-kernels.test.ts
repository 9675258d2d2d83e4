/**
 * Our WASM kernels (batch/src/runtime/kernels) against tfjs's pure-JS `cpu` backend on small
 * seeded inputs: conv gradients (filter and input) for several strides/paddings, conv2dTranspose
 * (which runs Conv2DBackpropInput forward), and Tile.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import {
  batchMatMulConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  tileConfig,
} from '../../../batch/src/runtime/kernels/index.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';

const rng = createRng(2024);
const randn = (shape: number[]) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());

/** Runs `f` on wasm and on cpu with the same input values; returns both results as arrays. */
async function onBoth(
  inputs: { values: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor[],
) {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    const outs = f(...xs);
    const values = await Promise.all(outs.map((o) => o.data() as Promise<Float32Array>));
    tf.dispose([...xs, ...outs]);
    return values;
  };
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

beforeAll(async () => {
  const info = await initTf({ backend: 'wasm' });
  expect(info.name).toBe('wasm');
});

describe('custom WASM kernels', () => {
  it('are the kernels registered for the wasm backend', () => {
    for (const config of [
      batchMatMulConfig,
      conv2dBackpropFilterConfig,
      conv2dBackpropInputConfig,
      tileConfig,
    ]) {
      expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
    }
  });

  type Shape4 = [number, number, number, number];
  const cases: {
    x: Shape4;
    w: Shape4;
    stride: number | [number, number];
    pad: 'same' | 'valid' | number;
  }[] = [
    { x: [2, 7, 6, 3], w: [3, 3, 3, 4], stride: 1, pad: 'same' },
    { x: [2, 8, 8, 2], w: [4, 4, 2, 5], stride: 2, pad: 'same' },
    { x: [3, 9, 7, 1], w: [4, 3, 1, 2], stride: [2, 1], pad: 'valid' },
    { x: [1, 6, 6, 4], w: [2, 2, 4, 3], stride: 2, pad: 1 },
    // Unequal kernel sides, so top and left padding differ (2 vs 0, then 0 vs 2).
    { x: [2, 6, 7, 2], w: [5, 2, 2, 3], stride: 1, pad: 'same' },
    { x: [2, 7, 9, 3], w: [2, 5, 3, 2], stride: [1, 2], pad: 'same' },
  ];
  for (const c of cases) {
    it(`matches cpu for conv2d gradients, x ${c.x.join('×')} w ${c.w.join('×')} stride ${c.stride} pad ${c.pad}`, async () => {
      const y = tf.tidy(() =>
        tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.stride, c.pad),
      );
      const dyShape = [...y.shape];
      y.dispose();
      const { wasm, cpu } = await onBoth(
        [
          { values: randn(c.x), shape: c.x },
          { values: randn(c.w), shape: c.w },
          { values: randn(dyShape), shape: dyShape },
        ],
        (x, w, dy) => {
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), dy as tf.Tensor)),
          );
          return g([x as tf.Tensor, w as tf.Tensor]);
        },
      );
      expect(maxAbsDiff(wasm[0] as Float32Array, cpu[0] as Float32Array)).toBeLessThan(1e-4); // dx: BackpropInput
      expect(maxAbsDiff(wasm[1] as Float32Array, cpu[1] as Float32Array)).toBeLessThan(1e-4); // dW: BackpropFilter
    });
  }

  it('matches cpu for conv2dTranspose forward and its gradients (the generator upsampling)', async () => {
    const x = [2, 7, 7, 6];
    const w = [4, 4, 3, 6];
    const out: [number, number, number, number] = [2, 14, 14, 3];
    const { wasm, cpu } = await onBoth(
      [
        { values: randn(x), shape: x },
        { values: randn(w), shape: w },
        { values: randn(out), shape: out },
      ],
      (xt, wt, dy) => {
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, out, 2, 'same');
        const y = f(xt as tf.Tensor, wt as tf.Tensor);
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), dy as tf.Tensor)))([
          xt as tf.Tensor,
          wt as tf.Tensor,
        ]);
        return [y, gx as tf.Tensor, gw as tf.Tensor];
      },
    );
    for (let i = 0; i < 3; i++) {
      expect(maxAbsDiff(wasm[i] as Float32Array, cpu[i] as Float32Array)).toBeLessThan(1e-4);
    }
  });

  it('matches cpu for BatchMatMul with every transpose combination, batched and broadcast', async () => {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as [boolean, boolean][]) {
      const aShape = ta ? [3, 37, 5] : [3, 5, 37];
      const bShape = tb ? [1, 6, 37] : [1, 37, 6];
      const { wasm, cpu } = await onBoth(
        [
          { values: randn(aShape), shape: aShape },
          { values: randn(bShape), shape: bShape },
        ],
        (a, b) => [tf.matMul(a as tf.Tensor, b as tf.Tensor, ta, tb)],
      );
      expect(maxAbsDiff(wasm[0] as Float32Array, cpu[0] as Float32Array)).toBeLessThan(1e-4);
    }
  });

  it('matches cpu for Tile over several ranks and repetitions', async () => {
    for (const [shape, reps] of [
      [
        [1, 1, 1, 5],
        [3, 4, 2, 1],
      ],
      [
        [2, 3],
        [2, 3],
      ],
      [[4], [3]],
      [
        [2, 1, 3],
        [1, 5, 2],
      ],
    ] as [number[], number[]][]) {
      const { wasm, cpu } = await onBoth([{ values: randn(shape), shape }], (x) => [
        tf.tile(x as tf.Tensor, reps),
      ]);
      expect(maxAbsDiff(wasm[0] as Float32Array, cpu[0] as Float32Array)).toBe(0);
    }
  });
});
