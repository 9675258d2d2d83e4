/**
 * BatchMatMul for the WASM backend: transposes any operand that asks for it in JS, then runs the
 * built-in (XNNPACK) kernel without transposes. In tfjs-backend-wasm 4.22 the transposed paths
 * are much slower than the plain one (docs/benchmarks.md, "TensorFlow.js WASM kernels"), and
 * every Dense layer's gradient uses them (dW = xᵀ·dy, dx = dy·Wᵀ).
 */
import type { tf } from '../tf.ts';
import { builtinKernel } from './builtins.ts';
import { asWasmBackend, f32, type WasmBackendLike } from './wasm-backend.ts';

function batchMatMul(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const original = builtinKernel('BatchMatMul');
  if ((!transposeA && !transposeB) || args.inputs.a?.dtype !== 'float32') {
    return original(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const backend = asWasmBackend(args.backend);
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const a2 = transposeA ? transposeLast2(backend, a) : a;
  const b2 = transposeB ? transposeLast2(backend, b) : b;
  const out = original({
    inputs: { a: a2, b: b2 },
    backend: args.backend as tf.KernelBackend,
    attrs: { transposeA: false, transposeB: false },
  }) as tf.TensorInfo;
  if (a2 !== a) backend.disposeData(a2.dataId);
  if (b2 !== b) backend.disposeData(b2.dataId);
  return out;
}

/** A new tensor with the last two axes of `x` swapped (any leading batch axes kept). */
function transposeLast2(backend: WasmBackendLike, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const rows = x.shape[rank - 2] ?? 1;
  const cols = x.shape[rank - 1] ?? 1;
  const batch = x.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const out = backend.makeOutput([...x.shape.slice(0, -2), cols, rows], 'float32');
  const src = f32(backend, x);
  const dst = f32(backend, out);
  const block = 32; // cache-sized tiles so neither side is read with a long stride for long
  for (let b = 0; b < batch; b++) {
    const base = b * rows * cols;
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      for (let c0 = 0; c0 < cols; c0 += block) {
        const c1 = Math.min(cols, c0 + block);
        for (let r = r0; r < r1; r++) {
          for (let c = c0; c < c1; c++) dst[base + c * rows + r] = src[base + r * cols + c] as number;
        }
      }
    }
  }
  return out;
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kernelFunc: batchMatMul as tf.KernelFunc,
};
