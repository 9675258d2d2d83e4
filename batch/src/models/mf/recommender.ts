/**
 * `MfRecommender`: a trained factor model as a `Recommender` for evaluation — score(u, i) is the
 * dot product x_u·y_i, for all items at once.
 *
 * Why the scan kernel, in item blocks: evaluation scores a fixed sample of users (2,000 in the
 * pipeline) against every item, so its cost grows with the catalogue. A loop streaming the whole
 * item matrix once per user is bound by memory at large catalogues (256 MB per user at 1M items ×
 * 64), and scalar JavaScript besides. Here a block of item rows is scored for every user of the
 * batch while it is in cache, by the WebAssembly SIMD kernel the index search uses
 * (shared/src/search/wasm/scan.wat): about 9× less time than the scalar per-user loop on
 * 300k items (docs/scale.md). Sums are in f32 (the kernel's), not f64.
 */
import { readFileSync } from 'node:fs';
import { createJsKernel, createWasmKernel, type ScanKernel } from '#shared/search';
import type { Recommender } from '../../eval/recommender.ts';

export interface Factors {
  dim: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

/** Item rows per block: 2,048 × 64 f32 (512 KiB) stay in L2 while every user of a batch is scored. */
const BLOCK_ROWS = 2048;
/**
 * Largest item matrix copied into WebAssembly memory (a 32-bit address space; the kernel's arena
 * takes an array up to a quarter of its capacity). Larger ones are scored by the scalar kernel.
 */
const MAX_WASM_BYTES = 768 * 1024 * 1024;
const SCAN_WASM = new URL('../../../../shared/src/search/wasm/scan.wasm', import.meta.url);
let scanModule: WebAssembly.Module | undefined;

export class MfRecommender implements Recommender {
  readonly name: string;
  private readonly numItems: number;
  /** Opened on first use, one per recommender: its memory (a copy of the items) goes with it. */
  private kernel: ScanKernel | undefined;

  constructor(
    private readonly factors: Factors,
    name = `ials-${factors.dim}`,
  ) {
    this.name = name;
    this.numItems = factors.itemFactors.length / factors.dim;
  }

  /** Scores of every item for each of `users`, row-major into `out` (the factors must not change between calls). */
  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { dim, userFactors: x, itemFactors: y } = this.factors;
    const n = this.numItems;
    if (out.length !== users.length * n) {
      throw new RangeError(`out has ${out.length} slots, expected ${users.length} × ${n}`);
    }
    const kernel = this.openKernel();
    const queries = new Float32Array(users.length * dim);
    for (let b = 0; b < users.length; b++) {
      const xo = users[b]! * dim;
      for (let k = 0; k < dim; k++) queries[b * dim + k] = x[xo + k] ?? 0; // users beyond the trained rows score 0
    }
    for (let from = 0; from < n; from += BLOCK_ROWS) {
      const to = Math.min(n, from + BLOCK_ROWS);
      for (let b = 0; b < users.length; b++) {
        const query = queries.subarray(b * dim, (b + 1) * dim);
        out.set(kernel.scoreF32(query, y, dim, from, to), b * n + from);
      }
    }
  }

  private openKernel(): ScanKernel {
    if (this.kernel) return this.kernel;
    const bytes = this.factors.itemFactors.byteLength;
    if (bytes > MAX_WASM_BYTES || typeof WebAssembly === 'undefined') {
      this.kernel = createJsKernel();
    } else {
      scanModule ??= new WebAssembly.Module(readFileSync(SCAN_WASM));
      this.kernel = createWasmKernel(scanModule, { arenaBytes: 4 * bytes + BLOCK_ROWS * 64 });
    }
    return this.kernel;
  }
}
