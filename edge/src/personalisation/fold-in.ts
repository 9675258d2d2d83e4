/**
 * Session fold-in: a user vector for a visitor the model was never trained on, from the items
 * they touched in this session, with the item vectors held fixed — exactly the user half-sweep
 * of iALS for one row (reference: batch/src/models/mf/fold-in.ts; keep both in step):
 *
 *   (α0·G + Σ_i c_i·y_i·y_iᵀ + reg·I) x = Σ_i c_i·y_i,
 *   c_i = max(0, 1 + alpha·w_i)·s·(n + 1)^-γ,   reg = λ·(n + α0·N)^ν,
 *
 * with G = YᵀY (the manifest's Gramian), α0 = unobservedWeight, λ = regularization, n the
 * number of distinct session items, N the catalogue size and ν the training config's
 * `regularizationExponent`, γ and s the user-activity weighting training applied to every user
 * (`activityExponent`, `activityScale`; all from the manifest's `foldIn`).
 * Cost O(n·d² + d³) — microseconds — and no retraining.
 */
import { solveSpd } from './cholesky.ts';

export interface FoldInParams {
  dim: number;
  /** G = YᵀY, row-major dim × dim. */
  gramian: Float32Array;
  /** λ. */
  regularization: number;
  /** ν of the frequency-scaled regulariser. */
  regularizationExponent: number;
  /** α0. */
  unobservedWeight: number;
  /** Confidence per unit of interaction weight. */
  alpha: number;
  /** N: items the Gramian sums over. */
  itemCount: number;
  /** γ of the user-activity weighting (0 = off). */
  activityExponent: number;
  /** s of the user-activity weighting (1 = off). */
  activityScale: number;
}

/** One session item: its vector and interaction weight (1 per touch). */
export interface FoldInItem {
  vector: Float32Array;
  weight: number;
}

/**
 * The least-squares user vector for `items` (distinct), or undefined for an empty session or a
 * system that is not positive definite (λ = 0 and too few items).
 *
 * @example
 * const x = foldIn([{ vector: y1, weight: 2 }, { vector: y7, weight: 1 }], params);
 */
export function foldIn(items: readonly FoldInItem[], params: FoldInParams): Float32Array | undefined {
  const { dim: d, gramian, unobservedWeight: a0, alpha } = params;
  if (items.length === 0) return undefined;
  const reg = params.regularization * (items.length + a0 * params.itemCount) ** params.regularizationExponent;
  const activity = params.activityScale * (items.length + 1) ** -params.activityExponent;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  // Lower triangle only: that is all the solver reads.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) a[i * d + j] = a0 * (gramian[i * d + j] as number);
    a[i * d + i] = (a[i * d + i] as number) + reg;
  }
  for (const { vector: y, weight } of items) {
    // Same clamp as training: a negative weight may lower confidence to 0, never below.
    const c = Math.max(0, 1 + alpha * weight) * activity;
    for (let i = 0; i < d; i++) {
      const cyi = c * (y[i] as number);
      b[i] = (b[i] as number) + cyi;
      const row = i * d;
      for (let j = 0; j <= i; j++) a[row + j] = (a[row + j] as number) + cyi * (y[j] as number);
    }
  }
  const x = solveSpd(a, b, d);
  return x === undefined ? undefined : Float32Array.from(x);
}
