/**
 * The built-in WASM kernels that our registrations replace, remembered so that a replacement can
 * delegate to the original (e.g. BatchMatMul without transposes is XNNPACK and fast).
 */
import type { tf } from '../tf.ts';

const builtins = new Map<string, tf.KernelFunc>();

/** Records the kernel registered for `kernelName` on wasm before we replace it. */
export function rememberBuiltin(kernelName: string, kernel: tf.KernelConfig | undefined): void {
  if (kernel && !builtins.has(kernelName)) builtins.set(kernelName, kernel.kernelFunc);
}

/** The original WASM kernel for `kernelName`; throws if the backend never had one. */
export function builtinKernel(kernelName: string): tf.KernelFunc {
  const f = builtins.get(kernelName);
  if (!f) throw new Error(`no built-in WASM kernel ${kernelName} was recorded`);
  return f;
}
