/**
 * Conv2D and Conv2DTranspose (channels-last tfjs → NCHW ONNX).
 *
 * Kernel layouts: tfjs Conv2D is [kH, kW, inC, outC] and ONNX Conv wants [outC, inC, kH, kW];
 * tfjs Conv2DTranspose is [kH, kW, outC, inC] and ONNX ConvTranspose wants [inC, outC, kH, kW].
 * Both are the permutation [3, 2, 0, 1], with no spatial flip. Padding is explicit (see
 * padding.ts). Dilation, channels-first data and padding modes other than valid/same are
 * refused: they are either absent from tfjs's transposed conv or untested here.
 */
import type { ValueRef } from '../graph.ts';
import { convPads, convTransposePads, type Padding } from '../padding.ts';
import { attr } from '../proto.ts';
import { applyActivation } from './activation.ts';
import {
  type Converter,
  type ConvertInput,
  readWeights,
  spatial,
  unsupported,
  type Weight,
} from './context.ts';

/** Copies a 4-D row-major array into the axis order `perm` (out[i] = in axis perm[i]). */
export function permute4(w: Weight, perm: readonly [number, number, number, number]): Weight {
  const dims = w.shape;
  const outShape = perm.map((p) => dims[p]!) as [number, number, number, number];
  const inStrides = [dims[1]! * dims[2]! * dims[3]!, dims[2]! * dims[3]!, dims[3]!, 1];
  const s = perm.map((p) => inStrides[p]!) as [number, number, number, number];
  const out = new Float32Array(w.data.length);
  let o = 0;
  for (let a = 0; a < outShape[0]; a++)
    for (let b = 0; b < outShape[1]; b++)
      for (let c = 0; c < outShape[2]; c++)
        for (let d = 0; d < outShape[3]; d++) out[o++] = w.data[a * s[0] + b * s[1] + c * s[2] + d * s[3]]!;
  return { shape: outShape, data: out };
}

interface ConvOptions {
  kernel: number[];
  strides: number[];
  padding: Padding;
}

/** Validates the options both conv layers share. */
function convOptions({ layer, config }: ConvertInput): ConvOptions {
  const dataFormat = config.str('dataFormat', 'channelsLast');
  if (dataFormat !== 'channelsLast')
    throw unsupported(layer, `dataFormat "${dataFormat}" (only channelsLast)`);
  if (config.has('dilationRate') && config.pair('dilationRate', 2).some((d) => d !== 1)) {
    throw unsupported(layer, `dilationRate ${JSON.stringify(config.pair('dilationRate', 2))} (only 1)`);
  }
  const padding = config.str('padding', 'valid');
  if (padding !== 'valid' && padding !== 'same')
    throw unsupported(layer, `padding "${padding}" (only valid, same)`);
  return { kernel: config.pair('kernelSize', 2), strides: config.pair('strides', 2, 1), padding };
}

function weightsOf(c: ConvertInput): { w: string; b: string[] } {
  const useBias = c.config.bool('useBias', true);
  const [kernel, bias] = readWeights(c.layer, useBias ? ['kernel', 'bias'] : ['kernel']);
  const onnxKernel = permute4(kernel!, [3, 2, 0, 1]);
  const w = c.g.floatInit(`${c.layer.name}_W`, onnxKernel.shape, onnxKernel.data);
  return { w, b: bias ? [c.g.floatInit(`${c.layer.name}_B`, bias.shape, bias.data)] : [] };
}

function finish(c: ConvertInput, name: string, expected: number[]): ValueRef {
  const [, h, w] = c.outputShape;
  if (h !== expected[0] || w !== expected[1]) {
    // Our padding arithmetic disagrees with tfjs's shape inference: refuse rather than drift.
    throw unsupported(c.layer, `output ${h}×${w} does not match the ONNX padding plan ${expected.join('×')}`);
  }
  return applyActivation(c.g, c.layer, c.config.str('activation', 'linear'), {
    name,
    shape: c.outputShape,
    layout: 'nchw',
  });
}

export const conv2dLayer: Converter = (c) => {
  const { kernel, strides, padding } = convOptions(c);
  const [h, w] = spatial(c.layer, c.inputs[0]!);
  const rows = convPads(h, kernel[0]!, strides[0]!, padding);
  const cols = convPads(w, kernel[1]!, strides[1]!, padding);
  const x = c.g.asNchw(c.inputs[0]!);
  const p = weightsOf(c);
  const name = c.g.op('Conv', [x.name, p.w, ...p.b], c.layer.name, [
    attr.ints('kernel_shape', kernel),
    attr.ints('strides', strides),
    attr.ints('pads', [rows.begin, cols.begin, rows.end, cols.end]),
    attr.ints('dilations', [1, 1]),
    attr.int('group', 1),
  ]);
  return finish(c, name, [rows.out, cols.out]);
};

export const conv2dTransposeLayer: Converter = (c) => {
  const { kernel, strides, padding } = convOptions(c);
  const [h, w] = spatial(c.layer, c.inputs[0]!);
  const rows = convTransposePads(h, kernel[0]!, strides[0]!, padding);
  const cols = convTransposePads(w, kernel[1]!, strides[1]!, padding);
  const x = c.g.asNchw(c.inputs[0]!);
  const p = weightsOf(c);
  const name = c.g.op('ConvTranspose', [x.name, p.w, ...p.b], c.layer.name, [
    attr.ints('kernel_shape', kernel),
    attr.ints('strides', strides),
    attr.ints('pads', [rows.begin, cols.begin, rows.end, cols.end]),
    attr.ints('output_padding', [rows.outputPadding, cols.outputPadding]),
    attr.ints('dilations', [1, 1]),
    attr.int('group', 1),
  ]);
  return finish(c, name, [rows.out, cols.out]);
};
