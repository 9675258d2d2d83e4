export { type Candidate, CandidatePool, finalTopK, type ScanList } from './candidates.ts';
export { createJsKernel, KERNEL_BLOCK_ROWS, type ScanKernel, scanKernel, useScanKernel } from './kernel.ts';
export { createWasmKernel, type WasmKernelOptions } from './kernel-wasm.ts';
export { DEFAULT_RERANK_FACTOR, poolSize, type SearchParams } from './params.ts';
export { type CentroidBlock, rankLists, topLists } from './router.ts';
export { exactScore, type RowFilter, scanInto } from './scanner.ts';
