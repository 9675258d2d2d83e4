/**
 * Kernels the WASM backend lacks (or runs too slowly) for training, registered once.
 * See ../shared/notes/batch-stack.md: UnsortedSegmentSum (gather gradient) and
 * Conv2DBackpropFilter (conv filter gradient) are missing from tfjs-backend-wasm 4.22.
 */
let registered = false;

export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  // Kernels are added here by the modules that need them (MF gather gradient, GAN convs).
}
