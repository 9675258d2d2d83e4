/**
 * The iALS training objective, evaluated cheaply for logs and tests:
 *
 *   L = Σ_{(u,i)∈S} c_ui(x_u·y_i − 1)² + α0·Σ_{all u,i}(x_u·y_i)² + Σ_u reg_u‖x_u‖² + Σ_i reg_i‖y_i‖²
 *
 * The all-pairs term never visits the |U|·|I| pairs: Σ(x_u·y_i)² = tr((XᵀX)(YᵀY)), so the whole
 * loss costs O(nnz·d + (|U|+|I|)·d²). With exact (Cholesky) solves each half-sweep minimises L
 * over one side, so L never increases; a test relies on that.
 */
import { type ConfidenceCsr, rowRegularization } from './half-sweep.ts';
import { gramian } from './linalg.ts';

export interface LossConfig {
  unobservedWeight: number;
  regularization: number;
  regularizationExponent: number;
}

/**
 * Total objective for factors X (users) and Y (items) under `byUser` confidences.
 *
 * @example
 * const l = ialsLoss(byUser, byItem, x, y, 32, cfg);
 */
export function ialsLoss(
  byUser: ConfidenceCsr,
  byItem: ConfidenceCsr,
  x: Float32Array,
  y: Float32Array,
  dim: number,
  cfg: LossConfig,
  /** XᵀX and YᵀY when the caller has them (the trainer's threads compute them far faster). */
  grams?: { x: Float64Array; y: Float64Array },
): number {
  const numUsers = byUser.indptr.length - 1;
  const numItems = byItem.indptr.length - 1;
  let observed = 0;
  for (let u = 0; u < numUsers; u++) {
    const xo = u * dim;
    for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) {
      const yo = byUser.indices[p]! * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) s += x[xo + k]! * y[yo + k]!;
      observed += byUser.confidence[p]! * (s - 1) ** 2;
    }
  }
  const gx = grams?.x ?? gramian(x, numUsers, dim);
  const gy = grams?.y ?? gramian(y, numItems, dim);
  let trace = 0;
  for (let k = 0; k < dim * dim; k++) trace += gx[k]! * gy[k]!; // tr(AB) = Σ A∘Bᵀ, both symmetric
  return (
    observed +
    cfg.unobservedWeight * trace +
    regTerm(byUser, x, dim, numItems, cfg) +
    regTerm(byItem, y, dim, numUsers, cfg)
  );
}

function regTerm(
  csr: ConfidenceCsr,
  f: Float32Array,
  dim: number,
  numFixed: number,
  cfg: LossConfig,
): number {
  let total = 0;
  for (let r = 0; r < csr.indptr.length - 1; r++) {
    const count = csr.indptr[r + 1]! - csr.indptr[r]!;
    let sq = 0;
    for (let k = r * dim; k < (r + 1) * dim; k++) sq += f[k]! * f[k]!;
    total += rowRegularization(count, numFixed, cfg) * sq;
  }
  return total;
}
