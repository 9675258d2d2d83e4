/**
 * Parity of every layer type and option the exporter supports: tfjs vs onnxruntime-web (the
 * edge's runtime) on seeded inputs, max |Δ| ≤ 1e-4.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportLayersModel,
  onnxParity,
  SUPPORTED_ACTIVATIONS,
  SUPPORTED_LAYERS,
} from '../../../batch/src/onnx/index.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';
import { call, randomizeWeights, singleInput } from './fixtures.ts';

const L = () => tf.layers;
const TOLERANCE = 1e-4;

async function expectParity(model: tf.LayersModel, batch = 3): Promise<void> {
  const exported = exportLayersModel(model);
  const report = await onnxParity(model, exported, { batch, seed: 11 });
  expect(report.outputs[0]!.elements).toBeGreaterThan(0);
  expect(report.maxAbsDiff).toBeLessThanOrEqual(TOLERANCE);
}

beforeAll(async () => {
  await initTf();
});

describe('ONNX export matches tfjs', () => {
  const cases: [string, () => tf.LayersModel][] = [
    [
      'Dense with bias and relu on a vector',
      () => singleInput([6], (x) => call(L().dense({ units: 5, activation: 'relu' }), x)),
    ],
    ['Dense without bias', () => singleInput([6], (x) => call(L().dense({ units: 4, useBias: false }), x))],
    [
      'Dense applied to the last axis of a rank-3 input',
      () => singleInput([3, 5], (x) => call(L().dense({ units: 4 }), x)),
    ],
    [
      'BatchNormalization on vectors',
      () => singleInput([6], (x) => call(L().batchNormalization({ epsilon: 0.01 }), x)),
    ],
    [
      'BatchNormalization without scale and center on images',
      () => singleInput([5, 5, 3], (x) => call(L().batchNormalization({ scale: false, center: false }), x)),
    ],
    [
      'BatchNormalization after a conv (NCHW value)',
      () =>
        singleInput([6, 6, 2], (x) =>
          call(L().batchNormalization(), call(L().conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), x)),
        ),
    ],
    ['ReLU layer', () => singleInput([7], (x) => call(L().reLU(), x))],
    ['ReLU layer with maxValue', () => singleInput([7], (x) => call(L().reLU({ maxValue: 0.4 }), x))],
    ['LeakyReLU layer with alpha 0.2', () => singleInput([7], (x) => call(L().leakyReLU({ alpha: 0.2 }), x))],
    ['LeakyReLU layer with the tfjs default slope', () => singleInput([7], (x) => call(L().leakyReLU(), x))],
    [
      'Reshape vector → image',
      () => singleInput([12], (x) => call(L().reshape({ targetShape: [2, 3, 2] }), x)),
    ],
    [
      'Flatten of a conv output (back to tfjs element order)',
      () =>
        singleInput([5, 4, 2], (x) =>
          call(L().flatten(), call(L().conv2d({ filters: 3, kernelSize: 2 }), x)),
        ),
    ],
    [
      'Reshape of a conv output with a -1 target',
      () =>
        singleInput([4, 4, 2], (x) =>
          call(L().reshape({ targetShape: [-1, 3] }), call(L().conv2d({ filters: 3, kernelSize: 1 }), x)),
        ),
    ],
    [
      'Concatenate of two conv outputs on the channel axis',
      () =>
        singleInput([5, 5, 2], (x) =>
          call(L().concatenate(), [
            call(L().conv2d({ filters: 2, kernelSize: 3, padding: 'same' }), x),
            call(L().conv2d({ filters: 3, kernelSize: 1 }), x),
          ]),
        ),
    ],
    [
      'Concatenate of a conv output and the raw input along height',
      () =>
        singleInput([4, 4, 2], (x) =>
          call(L().concatenate({ axis: 1 }), [call(L().conv2d({ filters: 2, kernelSize: 1 }), x), x]),
        ),
    ],
    [
      'Dropout (identity at inference) in a Sequential model',
      () =>
        randomizeWeights(
          tf.sequential({
            layers: [
              L().dense({ inputShape: [5], units: 6 }),
              L().dropout({ rate: 0.5 }),
              L().dense({ units: 2 }),
            ],
          }),
          3,
        ),
    ],
  ];
  it.each(cases)('%s', async (_name, build) => {
    await expectParity(build());
  });

  it.each(SUPPORTED_ACTIVATIONS)(
    'activation %s as a layer after a conv and inside Dense',
    async (activation) => {
      const a = activation as never;
      await expectParity(
        singleInput([4, 4, 2], (x) =>
          call(L().activation({ activation: a }), call(L().conv2d({ filters: 3, kernelSize: 3 }), x)),
        ),
      );
      await expectParity(singleInput([5], (x) => call(L().dense({ units: 4, activation: a }), x)));
    },
  );
});

describe('conv padding and strides match tfjs', () => {
  // Odd and even inputs and kernels, strides 1–3, both paddings: the odd-total 'same' cases are
  // the ones where ONNX's SAME_LOWER/UPPER conventions would have drifted.
  const sizes = [7, 8];
  const kernels = [1, 2, 3, 4, 5];
  const strides = [1, 2, 3];
  const paddings = ['same', 'valid'] as const;
  const grid: [string, number, number, number, 'same' | 'valid'][] = [];
  for (const n of sizes)
    for (const k of kernels)
      for (const s of strides)
        for (const p of paddings) grid.push([`in ${n} k ${k} s ${s} ${p}`, n, k, s, p]);

  // Every kernel fits every input (k ≤ 5 < 7 ≤ n), so each case runs and asserts parity.
  it.each(grid)('Conv2D %s', async (_name, n, k, s, padding) => {
    await expectParity(
      singleInput([n, n, 2], (x) =>
        call(L().conv2d({ filters: 3, kernelSize: k, strides: s, padding, activation: 'relu' }), x),
      ),
      2,
    );
  });

  it.each(grid)('Conv2DTranspose %s', async (_name, n, k, s, padding) => {
    await expectParity(
      singleInput([n, n, 2], (x) =>
        call(L().conv2dTranspose({ filters: 3, kernelSize: k, strides: s, padding }), x),
      ),
      2,
    );
  });

  it('handles rectangular kernels, strides and inputs without bias', async () => {
    await expectParity(
      singleInput([7, 6, 2], (x) =>
        call(
          L().conv2d({ filters: 2, kernelSize: [3, 2], strides: [2, 1], padding: 'same', useBias: false }),
          x,
        ),
      ),
    );
    await expectParity(
      singleInput([5, 4, 2], (x) =>
        call(L().conv2dTranspose({ filters: 2, kernelSize: [4, 3], strides: [1, 2], padding: 'same' }), x),
      ),
    );
  });

  it('covers every layer class in the converter table', () => {
    // Guards the list above: a converter added without a parity case fails here.
    expect([...SUPPORTED_LAYERS].sort()).toEqual(
      [
        'Activation',
        'BatchNormalization',
        'Concatenate',
        'Conv2D',
        'Conv2DTranspose',
        'Dense',
        'Dropout',
        'Flatten',
        'LeakyReLU',
        'ReLU',
        'Reshape',
      ].sort(),
    );
  });
});
