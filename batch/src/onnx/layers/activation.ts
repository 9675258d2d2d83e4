/**
 * Activations: the `activation` option of Dense/Conv layers, the Activation layer, and the
 * ReLU / LeakyReLU layers.
 *
 * Each name maps to ONNX ops with tfjs's exact constants (elu α = 1, hardSigmoid 0.2x + 0.5,
 * tfjs's selu α/γ, swish = x·σ(x)). Activations whose tfjs formula has no exact opset-13
 * counterpart (gelu_new's tanh approximation, mish) are refused rather than approximated.
 */

import type { GraphBuilder, ValueRef } from '../graph.ts';
import { attr } from '../proto.ts';
import { type Converter, type Layer, unsupported } from './context.ts';

type Emit = (g: GraphBuilder, x: ValueRef, base: string) => ValueRef;

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

/** Applies `op` elementwise; the layout is unchanged, so it works on NCHW values too. */
function unary(op: string, attributes: Parameters<GraphBuilder['op']>[3] = []): Emit {
  return (g, x, base) => ({ ...x, name: g.op(op, [x.name], base, attributes) });
}

function clip(g: GraphBuilder, x: ValueRef, base: string, min: number, max: number): ValueRef {
  const lo = g.floatInit(`${base}_min`, [], Float32Array.of(min));
  const hi = g.floatInit(`${base}_max`, [], Float32Array.of(max));
  return { ...x, name: g.op('Clip', [x.name, lo, hi], base) };
}

const ACTIVATIONS: Record<string, Emit | null> = {
  linear: null,
  relu: unary('Relu'),
  relu6: (g, x, base) => clip(g, x, base, 0, 6),
  elu: unary('Elu', [attr.float('alpha', 1)]),
  selu: unary('Selu', [attr.float('alpha', SELU_ALPHA), attr.float('gamma', SELU_GAMMA)]),
  sigmoid: unary('Sigmoid'),
  hardSigmoid: unary('HardSigmoid', [attr.float('alpha', 0.2), attr.float('beta', 0.5)]),
  tanh: unary('Tanh'),
  softplus: unary('Softplus'),
  softsign: unary('Softsign'),
  swish: (g, x, base) => {
    const s = g.op('Sigmoid', [x.name], `${base}_sigmoid`);
    return { ...x, name: g.op('Mul', [x.name, s], base) };
  },
  // tfjs softmax runs over the last tfjs axis, so the value must be in tfjs order first.
  softmax: (g, x, base) => {
    const v = g.asNhwc(x);
    return { ...v, name: g.op('Softmax', [v.name], base, [attr.int('axis', -1)]) };
  },
};

/** Activation names the exporter reproduces exactly. */
export const SUPPORTED_ACTIVATIONS = Object.keys(ACTIVATIONS);

/** Emits the named activation after `x` (identity for 'linear'), or refuses the layer. */
export function applyActivation(g: GraphBuilder, layer: Layer, name: string, x: ValueRef): ValueRef {
  const emit = ACTIVATIONS[name];
  if (emit === undefined) {
    throw unsupported(
      layer,
      `activation "${name}" is not supported (supported: ${SUPPORTED_ACTIVATIONS.join(', ')})`,
    );
  }
  return emit === null ? x : emit(g, x, `${layer.name}_${name}`);
}

/** The Activation layer. */
export const activationLayer: Converter = ({ g, layer, config, inputs: [x] }) =>
  applyActivation(g, layer, config.str('activation'), x!);

/** ReLU layer: plain Relu, or Clip(0, maxValue) when tfjs caps it. */
export const reluLayer: Converter = ({ g, layer, config, inputs: [x] }) => {
  if (!config.has('maxValue')) return { ...x!, name: g.op('Relu', [x!.name], layer.name) };
  return clip(g, x!, layer.name, 0, config.num('maxValue'));
};

/** LeakyReLU layer; tfjs's default slope is 0.3 (Keras's), not ONNX's 0.01. */
export const leakyReluLayer: Converter = ({ g, layer, config, inputs: [x] }) => ({
  ...x!,
  name: g.op('LeakyRelu', [x!.name], layer.name, [attr.float('alpha', config.num('alpha', 0.3))]),
});
