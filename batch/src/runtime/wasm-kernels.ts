/**
 * Kernels the WASM backend lacks (or runs too slowly) for training, registered once.
 * See ../shared/notes/batch-stack.md: UnsortedSegmentSum (gather gradient) and
 * Conv2DBackpropFilter (conv filter gradient) are missing from tfjs-backend-wasm 4.22; its
 * Conv2DBackpropInput and Tile are naive loops, and its BatchMatMul is much slower when asked to
 * transpose an operand (every Dense gradient does).
 *
 * To add one: implement it in ./kernels/<name>.ts (a `tf.KernelConfig` for backend 'wasm') and
 * append it to `wasmKernels`. A config here replaces any built-in kernel of the same name.
 */
import {
  batchMatMulConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  rememberBuiltin,
  tileConfig,
} from './kernels/index.ts';
import { tf } from './tf.ts';

/**
 * Our WASM kernels, in no particular order. A function, not a constant: kernels/ imports tf.ts,
 * which imports this file, so the configs may not exist yet when this module is evaluated.
 */
const wasmKernels = (): tf.KernelConfig[] => [
  batchMatMulConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  tileConfig,
];

let registered = false;

/** Registers our kernels for the 'wasm' backend (idempotent). Call after importing it. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of wasmKernels()) {
    // Keep the built-in (a replacement may delegate to it), then unregister it: registerKernel
    // only warns on a duplicate and the replacement must win.
    const existing = tf.getKernel(config.kernelName, config.backendName);
    rememberBuiltin(config.kernelName, existing);
    if (existing) {
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    // The built-in's setupFunc binds its WASM function when the backend starts; a replacement
    // that delegates to the built-in needs that binding, so it is carried over.
    tf.registerKernel({ ...config, setupFunc: config.setupFunc ?? existing?.setupFunc });
  }
}
