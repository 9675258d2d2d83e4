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
import { choleskyFactor, choleskySolve, solveSpd } from './cholesky.ts';

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

/** The fold-in's normal equations A x = b, and each item's confidence c_i (in `items` order). */
function normalEquations(items: readonly FoldInItem[], params: FoldInParams) {
  const { dim: d, gramian, unobservedWeight: a0, alpha } = params;
  const reg = params.regularization * (items.length + a0 * params.itemCount) ** params.regularizationExponent;
  const activity = params.activityScale * (items.length + 1) ** -params.activityExponent;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const confidence = new Float64Array(items.length);
  // Lower triangle only: that is all the solver reads.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) a[i * d + j] = a0 * (gramian[i * d + j] as number);
    a[i * d + i] = (a[i * d + i] as number) + reg;
  }
  items.forEach(({ vector: y, weight }, n) => {
    // Same clamp as training: a negative weight may lower confidence to 0, never below.
    const c = Math.max(0, 1 + alpha * weight) * activity;
    confidence[n] = c;
    for (let i = 0; i < d; i++) {
      const cyi = c * (y[i] as number);
      b[i] = (b[i] as number) + cyi;
      const row = i * d;
      for (let j = 0; j <= i; j++) a[row + j] = (a[row + j] as number) + cyi * (y[j] as number);
    }
  });
  return { a, b, confidence };
}

/**
 * The least-squares user vector for `items` (distinct), or undefined for an empty session or a
 * system that is not positive definite (λ = 0 and too few items).
 *
 * @example
 * const x = foldIn([{ vector: y1, weight: 2 }, { vector: y7, weight: 1 }], params);
 */
export function foldIn(items: readonly FoldInItem[], params: FoldInParams): Float32Array | undefined {
  if (items.length === 0) return undefined;
  const { a, b } = normalEquations(items, params);
  const x = solveSpd(a, b, params.dim);
  return x === undefined ? undefined : Float32Array.from(x);
}

/** A fold-in with the part of the user vector each session item contributes. */
export interface ExplainedFoldIn {
  /** The same vector `foldIn` returns (same arithmetic). */
  vector: Float32Array;
  /** parts[i] = A⁻¹ c_i y_i: Σ parts = the vector, so x·y = Σ parts[i]·y for any item y. */
  parts: Float64Array[];
}

/**
 * `foldIn`, plus each item's additive part of the vector, so a score x·y splits exactly into
 * per-item contributions parts[i]·y (Hu, Koren & Volinsky 2008, §5 "Explaining
 * recommendations": p̂ = Σ_j s_ij c_j with s_ij = yᵢᵀ W yⱼ, W = A⁻¹). One factorisation, one
 * extra pair of triangular solves per item: O(n·d²) on top of the fold-in.
 *
 * @example
 * const explained = foldInExplained(items, params); // explained.parts[0] is items[0]'s part
 */
export function foldInExplained(
  items: readonly FoldInItem[],
  params: FoldInParams,
): ExplainedFoldIn | undefined {
  if (items.length === 0) return undefined;
  const d = params.dim;
  const { a, b, confidence } = normalEquations(items, params);
  if (!choleskyFactor(a, d)) return undefined;
  const vector = Float32Array.from(choleskySolve(a, b, d));
  const parts = items.map(({ vector: y }, n) => {
    const c = confidence[n] as number;
    return choleskySolve(
      a,
      Float64Array.from(y, (v) => c * v),
      d,
    );
  });
  return { vector, parts };
}
