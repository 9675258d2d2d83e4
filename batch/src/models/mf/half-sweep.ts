/**
 * One half-sweep of implicit ALS as data: everything a solver needs to recompute the rows of
 * one side (users or items) with the other side held fixed. Both solvers (typed-array loops in
 * solve-js.ts, batched tfjs in solve-tf.ts) take this same description, so they solve the same
 * system and can be swapped per backend.
 *
 * For row u with observed columns I_u and confidences c_ui the system is
 *
 *   (α0·YᵀY + Σ_{i∈I_u} c_ui·y_i·y_iᵀ + reg_u·I) x_u = Σ_{i∈I_u} c_ui·y_i,
 *   reg_u = λ·(|I_u| + α0·|I|)^ν,
 *
 * the normal equations of L = Σ_{(u,i)∈S} c_ui(x_u·y_i − 1)² + α0·Σ_{all u,i}(x_u·y_i)² + Σ_u reg_u‖x_u‖²
 * (Rendle et al. 2022's iALS objective with Hu et al.'s confidences c_ui = 1 + alpha·w_ui).
 */

/** Compressed sparse rows whose values are confidences c_ui (not raw weights). */
export interface ConfidenceCsr {
  indptr: Int32Array;
  indices: Int32Array;
  /** c_ui = 1 + alpha·w_ui for each stored entry. */
  confidence: Float32Array;
}

export interface HalfSweep {
  /** Rows to solve; column indices point into `fixed`. */
  rows: ConfidenceCsr;
  /** The side held fixed, row-major numFixed × dim. */
  fixed: Float32Array;
  numFixed: number;
  /** The side being solved, row-major; read as the warm start (CG) and overwritten. */
  solved: Float32Array;
  dim: number;
  /** YᵀY of `fixed`, full symmetric dim × dim, float64. */
  gramian: Float64Array;
  unobservedWeight: number;
  regularization: number;
  regularizationExponent: number;
  solver: 'cholesky' | 'cg';
  cgSteps: number;
}

/** Solves one half-sweep (fills `gramian`, then every row); the tf runner keeps per-side state. */
export interface SweepRunner {
  solve(sweep: HalfSweep, side: 'users' | 'items', onRows: (done: number) => void): Promise<void>;
  /** YᵀY of `rows` rows of `fixed` on the runner's threads (runners without one: loss.ts's loop). */
  gramian?(fixed: Float32Array, rows: number, dim: number): Promise<Float64Array>;
  dispose(): void;
}

/**
 * The frequency-scaled regulariser of a row with `count` observed entries, against a fixed side
 * of `numFixed` rows: λ·(count + α0·numFixed)^ν (ν = 0 gives the classic constant λ).
 *
 * @example
 * rowRegularization(10, 1000, { regularization: 0.1, unobservedWeight: 0.01, regularizationExponent: 1 }); // 0.1·(10+10) = 2
 */
export function rowRegularization(
  count: number,
  numFixed: number,
  cfg: { regularization: number; unobservedWeight: number; regularizationExponent: number },
): number {
  return cfg.regularization * (count + cfg.unobservedWeight * numFixed) ** cfg.regularizationExponent;
}
