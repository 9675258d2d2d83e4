/**
 * The scan kernel: scores a range of rows of one list (or of the centroids) against a query,
 * one f32 per row. Two implementations compute the same thing: WebAssembly SIMD
 * (kernel-wasm.ts, installed by each runtime at start because only the runtime knows how to
 * obtain a compiled module) and this scalar JavaScript one, the default wherever WebAssembly is
 * unavailable or the shape is not one the SIMD code handles (dim not a multiple of 4, or of 16
 * for int8).
 */
import { dot } from '#shared/scoring';

export interface ScanKernel {
  readonly kind: 'wasm-simd' | 'js';
  /**
   * Scores rows [from, to) of row-major f32 `data` (`dim` per row). Returns a view, valid until
   * the next call on this kernel, whose element i is the score of row from + i.
   */
  scoreF32(query: Float32Array, data: Float32Array, dim: number, from: number, to: number): Float32Array;
  /** The same for int8 codes with a per-row scale: scale[r] · Σ q[j]·code[r][j]. */
  scoreInt8(
    query: Float32Array,
    data: Int8Array,
    scales: Float32Array,
    dim: number,
    from: number,
    to: number,
  ): Float32Array;
  /**
   * The row r in [from, to) maximising `query · data[r] + bias[r]` (first on ties), returned
   * relative to `from`; its score is then `lastMax()`. Nearest-centroid assignment (bias
   * −½‖c‖², or 0 for unit centroids) without a score per row leaving the kernel. `to > from`.
   */
  argmaxF32(
    query: Float32Array,
    data: Float32Array,
    bias: Float32Array,
    dim: number,
    from: number,
    to: number,
  ): number;
  /** The score of the row the last `argmaxF32` returned. */
  lastMax(): number;
  /** Forgets any copy kept of `data` (callers that rewrite an array in place, like k-means). */
  forget(data: Float32Array | Int8Array): void;
}

/** Rows a kernel scores per call at most (callers walk longer ranges in blocks). */
export const KERNEL_BLOCK_ROWS = 8192;

/** The scalar kernel: plain typed-array loops, f64 sums rounded to f32 on store. */
export function createJsKernel(): ScanKernel {
  const out = new Float32Array(KERNEL_BLOCK_ROWS);
  let max = Number.NEGATIVE_INFINITY;
  return {
    kind: 'js',
    scoreF32(query, data, dim, from, to) {
      for (let r = from; r < to; r++) out[r - from] = dot(query, 0, data, r * dim, dim);
      return out.subarray(0, to - from);
    },
    scoreInt8(query, data, scales, dim, from, to) {
      for (let r = from; r < to; r++) {
        const base = r * dim;
        let s = 0;
        for (let j = 0; j < dim; j++) s += (data[base + j] as number) * (query[j] as number);
        out[r - from] = s * (scales[r] as number);
      }
      return out.subarray(0, to - from);
    },
    argmaxF32(query, data, bias, dim, from, to) {
      let best = 0;
      max = Number.NEGATIVE_INFINITY;
      for (let r = from; r < to; r++) {
        // f32 arithmetic like the SIMD kernel's, so both pick the same row but for rounding ties.
        const s = Math.fround(Math.fround(dot(query, 0, data, r * dim, dim)) + (bias[r] as number));
        if (r === from || s > max) {
          max = s;
          best = r - from;
        }
      }
      return best;
    },
    lastMax: () => max,
    forget() {},
  };
}

let active: ScanKernel = createJsKernel();

/**
 * Makes `kernel` the one every search in this isolate/process uses (the edge installs the
 * WebAssembly kernel at module load, batch when it opens an index).
 *
 * @example
 * useScanKernel(createWasmKernel(compiledModule));
 */
export function useScanKernel(kernel: ScanKernel): void {
  active = kernel;
}

/** The kernel in use: WebAssembly SIMD once installed, else scalar JavaScript. */
export function scanKernel(): ScanKernel {
  return active;
}
