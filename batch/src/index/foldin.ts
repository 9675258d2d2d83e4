/**
 * What the edge needs to fold a session's items into a user vector without retraining: the
 * item Gramian G = YᵀY as a raw blob (dim × dim little-endian f32, row-major, no header; its
 * size and sha256 are in the manifest, its dim is `model.dim`), plus the iALS constants.
 *
 * The fold-in is one iALS user half-step (batch/src/models/mf/half-sweep.ts) for the session's
 * items S with confidences c_i = (1 + alpha·w_i)·s·(|S| + 1)^-γ:
 *
 *   (α0·G + Σ_{i∈S} c_i·y_i y_iᵀ + λ·(|S| + α0·N)^ν · I) x = Σ_{i∈S} c_i·y_i,
 *
 * with N = number of items (`items.count`); batch/src/models/mf/fold-in.ts is the reference
 * implementation, and the index tests check this blob against it.
 */
import { gramian } from '../models/mf/linalg.ts';
import { engineBytes, WasmRowEngine, wasmSupportsDim } from '../models/mf/wasm/kernels.ts';

/** The iALS constants the manifest's `foldIn` section carries next to the Gramian. */
export interface FoldInConstants {
  regularization: number;
  regularizationExponent: number;
  unobservedWeight: number;
  alpha: number;
  /** γ and s of the user-activity weighting (models/mf/csr.ts); absent = 0 and 1 (off). */
  activityExponent?: number;
  activityScale?: number;
}

/**
 * The Gramian blob of `itemFactors` (`numItems × dim`): dim² f32 values, little-endian.
 *
 * @example
 * const bytes = encodeGramian(model.itemFactors, numItems, 64); // 16 384 bytes
 */
export function encodeGramian(itemFactors: Float32Array, numItems: number, dim: number): Uint8Array {
  const g = wasmSupportsDim(dim)
    ? simdGramian(itemFactors, numItems, dim)
    : gramian(itemFactors, numItems, dim);
  const out = new Uint8Array(dim * dim * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < g.length; i++) view.setFloat32(i * 4, g[i] as number, true);
  return out;
}

/** Rows per partial Gramian: the trainer's chunk (solve-pool.ts), so both sum alike. */
const CHUNK_ROWS = 16_384;

/**
 * YᵀY with the trainer's SIMD kernel (f32 sums within a chunk of rows, f64 across chunks, as
 * every iALS sweep computes it): the scalar f64 loop took seconds at 1M × 64. Chunks are
 * copied into a small WebAssembly memory of their own, so the factors need not live in one.
 */
function simdGramian(y: Float32Array, rows: number, dim: number): Float64Array {
  const rowsAt = Math.ceil(engineBytes(dim) / 16) * 16;
  const pages = Math.ceil((rowsAt + CHUNK_ROWS * dim * 4) / 65_536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const engine = new WasmRowEngine(memory, 0);
  const chunk = new Float32Array(memory.buffer, rowsAt, CHUNK_ROWS * dim);
  const g = new Float64Array(dim * dim);
  for (let from = 0; from < rows; from += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows - from);
    chunk.set(y.subarray(from * dim, (from + n) * dim));
    const part = engine.gramianChunk(chunk, 0, n, dim);
    for (let k = 0; k < g.length; k++) g[k] = (g[k] as number) + (part[k] as number);
  }
  return g;
}

/** Reads a Gramian blob back (throws RangeError when its length is not dim² × 4). */
export function decodeGramian(bytes: Uint8Array, dim: number): Float64Array {
  if (bytes.length !== dim * dim * 4) {
    throw new RangeError(`Gramian blob has ${bytes.length} bytes, expected ${dim}² × 4 = ${dim * dim * 4}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float64Array.from({ length: dim * dim }, (_, i) => view.getFloat32(i * 4, true));
}
