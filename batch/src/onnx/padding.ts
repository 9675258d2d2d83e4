/**
 * TensorFlow's padding rules written as ONNX's explicit `pads` (and `output_padding`).
 *
 * ONNX's `auto_pad=SAME_UPPER/LOWER` is not used: for transposed convolutions ONNX and TF place
 * an odd total differently, so every pad is spelled out. TF's rule for 'same': the output is
 * ceil(in / stride) and the total padding max((out − 1)·s + k − in, 0) is split with the
 * smaller half first (⌊total/2⌋ before, the rest after).
 */

export type Padding = 'valid' | 'same';

export interface AxisPads {
  begin: number;
  end: number;
}

/** Output size and pads of a forward convolution along one axis. */
export function convPads(
  inSize: number,
  kernel: number,
  stride: number,
  padding: Padding,
): AxisPads & { out: number } {
  if (padding === 'valid') return { out: Math.floor((inSize - kernel) / stride) + 1, begin: 0, end: 0 };
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + kernel - inSize, 0);
  const begin = Math.floor(total / 2);
  return { out, begin, end: total - begin };
}

/**
 * Pads and output padding of a transposed convolution (the gradient of a forward convolution
 * from `outSize` to `inSize`) along one axis. `outSize` is tfjs's: in·s for 'same',
 * in·s + max(k − s, 0) for 'valid'. ONNX computes s·(in − 1) + k − pads + output_padding, and
 * output_padding (zeros appended after) covers kernels smaller than the stride.
 */
export function convTransposePads(
  inSize: number,
  kernel: number,
  stride: number,
  padding: Padding,
): AxisPads & { out: number; outputPadding: number } {
  const out = padding === 'same' ? inSize * stride : inSize * stride + Math.max(kernel - stride, 0);
  const total = padding === 'same' ? Math.max((inSize - 1) * stride + kernel - out, 0) : 0;
  const begin = Math.floor(total / 2);
  const outputPadding = out - ((inSize - 1) * stride + kernel - total);
  return { out, begin, end: total - begin, outputPadding };
}
