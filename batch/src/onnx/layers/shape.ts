/**
 * Layers that move data without arithmetic: Reshape, Flatten, Concatenate, Dropout.
 *
 * Reshape and Flatten depend on element order, so their input is brought back to tfjs (NHWC)
 * order first; the classic generator step Dense → Reshape([7,7,C]) thus yields an NHWC value
 * that the next conv transposes to NCHW once. Concatenate keeps NCHW when every input already
 * is (channel concat in a conv stack) and otherwise joins in tfjs order.
 */
import type { ValueRef } from '../graph.ts';
import { attr } from '../proto.ts';
import { type Converter, unsupported } from './context.ts';

/** NHWC axis → NCHW axis. */
const NHWC_TO_NCHW_AXIS = [0, 2, 3, 1];

function staticTail(shape: readonly (number | null)[]): number[] | undefined {
  const tail = shape.slice(1);
  return tail.every((d): d is number => typeof d === 'number') ? tail : undefined;
}

export const reshapeLayer: Converter = ({ g, layer, config, inputs: [input] }) => {
  const inTail = staticTail(input!.shape);
  if (!inTail) throw unsupported(layer, `input shape [${input!.shape.join(', ')}] is not static`);
  // tfjs's shape inference leaves a -1 of targetShape unresolved (null), so resolve it here.
  const target = config.dims('targetShape');
  const size = inTail.reduce((a, b) => a * b, 1);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const free = target.filter((d) => d === -1).length;
  const tail = target.map((d) => (d === -1 ? size / known : d));
  if (free > 1 || tail.reduce((a, b) => a * b, 1) !== size || !tail.every(Number.isInteger)) {
    throw unsupported(layer, `targetShape [${target.join(', ')}] does not fit ${size} values`);
  }
  const x = g.asNhwc(input!);
  // -1 keeps the batch dimension dynamic.
  const shape = g.int64Init(`${layer.name}_shape`, [-1, ...tail]);
  return { name: g.op('Reshape', [x.name, shape], layer.name), shape: [null, ...tail], layout: 'nhwc' };
};

export const flattenLayer: Converter = ({ g, layer, config, inputs: [input], outputShape }) => {
  const dataFormat = config.str('dataFormat', 'channelsLast');
  if (dataFormat !== 'channelsLast')
    throw unsupported(layer, `dataFormat "${dataFormat}" (only channelsLast)`);
  const x = g.asNhwc(input!);
  const name = g.op('Flatten', [x.name], layer.name, [attr.int('axis', 1)]);
  return { name, shape: outputShape, layout: 'nhwc' };
};

export const concatenateLayer: Converter = ({ g, layer, config, inputs, outputShape }) => {
  const rank = outputShape.length;
  const raw = config.num('axis', -1);
  const axis = raw < 0 ? rank + raw : raw;
  if (axis <= 0 || axis >= rank) throw unsupported(layer, `axis ${raw} (the batch axis cannot be joined)`);
  const keepNchw = rank === 4 && inputs.every((v) => v.layout === 'nchw');
  const values: ValueRef[] = inputs.map((v) => (keepNchw ? v : g.asNhwc(v)));
  const onnxAxis = keepNchw ? NHWC_TO_NCHW_AXIS[axis]! : axis;
  const name = g.op(
    'Concat',
    values.map((v) => v.name),
    layer.name,
    [attr.int('axis', onnxAxis)],
  );
  return { name, shape: outputShape, layout: keepNchw ? 'nchw' : 'nhwc' };
};

/** Dropout is the identity at inference: no node, the input value passes through. */
export const dropoutLayer: Converter = ({ inputs: [input] }) => input!;
