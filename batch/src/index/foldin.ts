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
  const g = gramian(itemFactors, numItems, dim);
  const out = new Uint8Array(dim * dim * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < g.length; i++) view.setFloat32(i * 4, g[i] as number, true);
  return out;
}

/** Reads a Gramian blob back (throws RangeError when its length is not dim² × 4). */
export function decodeGramian(bytes: Uint8Array, dim: number): Float64Array {
  if (bytes.length !== dim * dim * 4) {
    throw new RangeError(`Gramian blob has ${bytes.length} bytes, expected ${dim}² × 4 = ${dim * dim * 4}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float64Array.from({ length: dim * dim }, (_, i) => view.getFloat32(i * 4, true));
}
