/**
 * Dense and BatchNormalization.
 *
 * Dense: tfjs stores the kernel as [in, out], which is Gemm's `B` with transB = 0 (no copy, no
 * transpose); on inputs of rank > 2 tfjs applies it to the last axis, which is MatMul + Add in
 * tfjs element order.
 * BatchNormalization (inference): ONNX normalises over axis 1, which is tfjs's channel axis for
 * rank 2 and, after a transpose to NCHW, for rank 4. tfjs's epsilon (default 1e-3) is copied
 * because ONNX's default (1e-5) would shift every output.
 */
import { attr } from '../proto.ts';
import { applyActivation } from './activation.ts';
import { type Converter, readWeights, unsupported } from './context.ts';

export const denseLayer: Converter = ({ g, layer, config, inputs: [input], outputShape }) => {
  const useBias = config.bool('useBias', true);
  const [kernel, bias] = readWeights(layer, useBias ? ['kernel', 'bias'] : ['kernel']);
  const k = g.floatInit(`${layer.name}_kernel`, kernel!.shape, kernel!.data);
  const b = bias ? g.floatInit(`${layer.name}_bias`, bias.shape, bias.data) : undefined;
  const x = g.asNhwc(input!);
  let name: string;
  if (x.shape.length === 2) {
    const inputs = b ? [x.name, k, b] : [x.name, k];
    name = g.op('Gemm', inputs, `${layer.name}_gemm`, [attr.int('transA', 0), attr.int('transB', 0)]);
  } else {
    name = g.op('MatMul', [x.name, k], `${layer.name}_matmul`);
    if (b) name = g.op('Add', [name, b], `${layer.name}_bias_add`);
  }
  return applyActivation(g, layer, config.str('activation', 'linear'), {
    name,
    shape: outputShape,
    layout: 'nhwc',
  });
};

export const batchNormLayer: Converter = ({ g, layer, config, inputs: [input] }) => {
  const rank = input!.shape.length;
  const axis = config.num('axis', -1);
  if ((axis < 0 ? rank + axis : axis) !== rank - 1) {
    throw unsupported(layer, `axis ${axis} is not supported (only the channel axis, -1)`);
  }
  if (rank !== 2 && rank !== 4) throw unsupported(layer, `rank-${rank} input is not supported (only 2 or 4)`);
  const scale = config.bool('scale', true);
  const center = config.bool('center', true);
  const names = [...(scale ? ['gamma'] : []), ...(center ? ['beta'] : []), 'moving_mean', 'moving_variance'];
  const w = readWeights(layer, names);
  const mean = w[w.length - 2]!;
  const variance = w[w.length - 1]!;
  const channels = mean.data.length;
  const gamma = scale ? w[0]!.data : new Float32Array(channels).fill(1);
  const beta = center ? w[scale ? 1 : 0]!.data : new Float32Array(channels);
  const x = rank === 4 ? g.asNchw(input!) : input!;
  const inputs = [x.name];
  for (const [part, data] of [
    ['gamma', gamma],
    ['beta', beta],
    ['mean', mean.data],
    ['var', variance.data],
  ] as const) {
    inputs.push(g.floatInit(`${layer.name}_${part}`, [channels], data));
  }
  const name = g.op('BatchNormalization', inputs, layer.name, [
    attr.float('epsilon', config.num('epsilon', 1e-3)),
  ]);
  return { ...x, name };
};
