/// <reference path="./wasm.d.ts" />
/**
 * Installs the WebAssembly SIMD scan kernel for every search in this isolate. The module comes
 * precompiled through wrangler's CompiledWasm import (workerd cannot compile bytes at run
 * time); if instantiating it fails the search keeps the scalar JavaScript kernel, and says so
 * once in the log.
 */
import { createWasmKernel, useScanKernel } from '#shared/search';
import scanModule from '../../../shared/src/search/wasm/scan.wasm';

try {
  useScanKernel(createWasmKernel(scanModule));
} catch (error) {
  console.log(JSON.stringify({ level: 'warn', event: 'scan_kernel_fallback', reason: String(error) }));
}
