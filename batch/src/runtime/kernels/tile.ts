/**
 * Tile for the WASM backend, replacing the built-in one, which computes every output element's
 * source index one by one (timings in docs/benchmarks.md, "TensorFlow.js WASM kernels"). tfjs's
 * BatchNormalization gradient tiles its per-channel factors to the full activation shape on
 * every training step, so this sat on the GAN's critical path.
 *
 * Here the innermost source row is copied with `TypedArray.set` and every outer repetition is a
 * single `copyWithin` of the block already written, so the cost is a few memcpy's.
 */
import type { tf } from '../tf.ts';
import { asWasmBackend } from './wasm-backend.ts';

type Typed = Float32Array | Int32Array | Uint8Array;

function tile(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = asWasmBackend(args.backend);
  const { x } = args.inputs as { x: tf.TensorInfo };
  const reps = (args.attrs as unknown as { reps: number[] }).reps;
  if (x.dtype === 'string') throw new Error('Tile of string tensors is not supported on wasm');
  const outShape = x.shape.map((d, i) => d * (reps[i] ?? 1));
  const out = backend.makeOutput(outShape, x.dtype);
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  if (x.shape.length === 0) {
    dst.set(src);
    return out;
  }
  tileInto(src, x.shape, reps, dst);
  return out;
}

/**
 * Writes `src` (shape `shape`) repeated `reps[i]` times along each axis into `dst`.
 *
 * @example
 * tileInto(Float32Array.of(1, 2), [2], [3], out); // out = 1,2,1,2,1,2
 */
export function tileInto(src: Typed, shape: number[], reps: number[], dst: Typed): void {
  const rank = shape.length;
  const srcStride = new Array<number>(rank).fill(1);
  const outStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    srcStride[d] = (srcStride[d + 1] ?? 1) * (shape[d + 1] ?? 1);
    outStride[d] = (outStride[d + 1] ?? 1) * (shape[d + 1] ?? 1) * (reps[d + 1] ?? 1);
  }
  const fill = (dim: number, srcOff: number, dstOff: number): void => {
    const n = shape[dim] ?? 1;
    const r = reps[dim] ?? 1;
    if (dim === rank - 1) {
      const row = src.subarray(srcOff, srcOff + n);
      for (let k = 0; k < r; k++) dst.set(row, dstOff + k * n);
      return;
    }
    const inner = outStride[dim] ?? 1;
    for (let i = 0; i < n; i++) fill(dim + 1, srcOff + i * (srcStride[dim] ?? 1), dstOff + i * inner);
    const block = n * inner;
    for (let k = 1; k < r; k++) dst.copyWithin(dstOff + k * block, dstOff, dstOff + block);
  };
  fill(0, 0, 0);
}

export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as tf.KernelFunc,
};
