/**
 * The WebAssembly SIMD scan kernel for batch: Node compiles shared/src/search/wasm/scan.wasm
 * from its bytes (allowed here, unlike in workerd) and installs it once per process for the
 * shared search (recall measurement, calibration). Batch keeps whole indexes resident, so its
 * arena is larger than the edge's.
 */
import { readFileSync } from 'node:fs';
import { createWasmKernel, useScanKernel } from '#shared/search';

const WASM = new URL('../../../shared/src/search/wasm/scan.wasm', import.meta.url);
let installed = false;

/** Compiles and installs the kernel on first call; later calls do nothing. */
export function installScanKernel(): void {
  if (installed) return;
  installed = true;
  const module = new WebAssembly.Module(readFileSync(WASM));
  useScanKernel(createWasmKernel(module, { arenaBytes: 512 * 1024 * 1024 }));
}
