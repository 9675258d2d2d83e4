/**
 * The exporter refuses what it cannot reproduce exactly, naming the layer and the reason,
 * instead of writing a file that would silently compute something else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportLayersModel } from '../../../batch/src/onnx/index.ts';
import { initTf, tf } from '../../../batch/src/runtime/tf.ts';
import { call, singleInput } from './fixtures.ts';

const L = () => tf.layers;

function refusal(model: tf.LayersModel, options = {}): { kind: string; message: string; field?: string } {
  try {
    exportLayersModel(model, options);
  } catch (error) {
    return error as { kind: string; message: string; field?: string };
  }
  throw new Error('export was expected to fail');
}

beforeAll(async () => {
  await initTf();
});

describe('exporter refusals', () => {
  it('refuses an unsupported layer type, naming the layer, its class and the supported list', () => {
    const pool = L().maxPooling2d({ poolSize: 2, name: 'pool_1' });
    const error = refusal(singleInput([4, 4, 1], (x) => call(pool, x)));
    expect(error.kind).toBe('invalid_argument');
    expect(error.field).toBe('pool_1');
    expect(error.message).toMatch(/"pool_1" \(MaxPooling2D\).*layer type not supported.*Conv2DTranspose/);
  });

  it('refuses a dilated convolution', () => {
    const conv = L().conv2d({ filters: 1, kernelSize: 3, dilationRate: 2, name: 'dilated' });
    const error = refusal(singleInput([8, 8, 1], (x) => call(conv, x)));
    expect(error.kind).toBe('invalid_argument');
    expect(error.message).toMatch(/"dilated" \(Conv2D\).*dilationRate \[2,2\]/);
  });

  it('refuses channels-first convolutions', () => {
    const conv = L().conv2d({ filters: 1, kernelSize: 1, dataFormat: 'channelsFirst', name: 'cf' });
    expect(refusal(singleInput([1, 4, 4], (x) => call(conv, x))).message).toMatch(
      /"cf" .*dataFormat "channelsFirst"/,
    );
  });

  it.each(['gelu_new', 'mish', 'gelu'])(
    'refuses the activation %s instead of approximating it',
    (activation) => {
      const dense = L().dense({ units: 2, activation: activation as never, name: 'act_dense' });
      const error = refusal(singleInput([3], (x) => call(dense, x)));
      expect(error.kind).toBe('invalid_argument');
      expect(error.message).toContain(`activation "${activation}" is not supported`);
    },
  );

  it('refuses batch normalisation over a non-channel axis', () => {
    const bn = L().batchNormalization({ axis: 1, name: 'bn_axis1' });
    expect(refusal(singleInput([3, 4], (x) => call(bn, x))).message).toMatch(/"bn_axis1".*axis 1/);
  });

  it('refuses a nested model used as a layer', () => {
    const inner = tf.sequential({ layers: [L().dense({ inputShape: [3], units: 2 })], name: 'inner_model' });
    const error = refusal(singleInput([3], (x) => call(inner as unknown as tf.layers.Layer, x)));
    expect(error.message).toMatch(/"inner_model" \((Sequential|Functional|Model)\).*not supported/);
  });

  it('refuses inputs with a dynamic non-batch dimension and bad graph names', () => {
    const x = tf.input({ shape: [null, 3] as unknown as number[], name: 'seq' });
    const model = tf.model({ inputs: x, outputs: call(L().dense({ units: 2 }), x) });
    expect(refusal(model).message).toMatch(/dynamic non-batch dimension/);
    const ok = singleInput([3], (v) => call(L().dense({ units: 2 }), v));
    expect(refusal(ok, { inputNames: ['a', 'b'] }).message).toMatch(/1 inputs, got 2 names/);
    expect(refusal(ok, { outputNames: ['bad name'] }).message).toMatch(/output name "bad name"/);
  });
});
