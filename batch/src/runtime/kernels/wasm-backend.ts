/**
 * The slice of tfjs-backend-wasm's `BackendWasm` that our custom kernels use, typed structurally
 * so that only batch/src/runtime/tf.ts imports @tensorflow/* packages.
 *
 * Kernels run synchronously inside the engine; they allocate outputs on the WASM heap with
 * `makeOutput`, read and write them through `typedArrayFromHeap` views, and free temporaries with
 * `disposeData`. A heap view is invalidated whenever the heap grows (any allocation), so views are
 * always taken after the last allocation that precedes their use.
 */
import type { tf } from '../tf.ts';
import { builtinKernel } from './builtins.ts';

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** Narrows the untyped backend handed to a kernel; throws if it is not the WASM backend. */
export function asWasmBackend(backend: unknown): WasmBackendLike {
  const b = backend as Partial<WasmBackendLike> | null;
  if (!b || typeof b.makeOutput !== 'function' || typeof b.typedArrayFromHeap !== 'function') {
    throw new Error('custom WASM kernel called with a non-WASM backend');
  }
  return b as WasmBackendLike;
}

/** A Float32 heap view of `info` (valid until the next allocation). */
export function f32(backend: WasmBackendLike, info: tf.TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new Error(`expected float32 tensor, got ${info.dtype}`);
  return view;
}

type MatMul = (args: {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
  backend: unknown;
  attrs: { transposeA: boolean; transposeB: boolean };
}) => tf.TensorInfo;

/**
 * Runs WASM's built-in BatchMatMul (XNNPACK) on `a [m,k] @ b [k,n]` viewed as rank-3 tensors with
 * batch 1. No transposes: in tfjs-backend-wasm 4.22 the transposed paths are much slower
 * (docs/benchmarks.md, "TensorFlow.js WASM kernels"), so callers lay out their operands instead.
 */
export function wasmMatMul(
  backend: WasmBackendLike,
  a: tf.TensorInfo,
  aShape: [number, number],
  b: tf.TensorInfo,
  bShape: [number, number],
): tf.TensorInfo {
  const matMul = builtinKernel('BatchMatMul') as unknown as MatMul;
  return matMul({
    inputs: {
      a: { dataId: a.dataId, shape: [1, ...aShape], dtype: 'float32' },
      b: { dataId: b.dataId, shape: [1, ...bShape], dtype: 'float32' },
    },
    backend,
    attrs: { transposeA: false, transposeB: false },
  });
}
