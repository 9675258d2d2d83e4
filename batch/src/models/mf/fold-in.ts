/**
 * Closed-form fold-in: the vector of a user the model has never seen, from the items they touched,
 * without retraining. It is exactly one iALS row solve with the item side fixed, so a folded-in
 * user is what the next training run would give them (up to the CG tolerance used in training).
 *
 * The formula (the edge reimplements it in TypeScript from manifest data; keep both in step):
 *
 *   given the distinct items i of the visitor with summed weights w_i (an event's weight from
 *   EVENT_WEIGHTS, or 1), item vectors y_i, the item Gramian G = YᵀY over all N model items
 *   (manifest `foldIn.gramian`, row-major f32 d×d), and the training hyper-parameters
 *   α0 = unobservedWeight, λ = regularization, ν = regularizationExponent, alpha, and the
 *   user-activity weighting γ = activityExponent, s = activityScale (models/mf/csr.ts):
 *
 *     c_i = max(0, 1 + alpha·w_i) · s·(n + 1)^-γ
 *     A   = α0·G + Σ_i c_i·y_i·y_iᵀ + λ·(n + α0·N)^ν·I        (n = number of distinct items)
 *     b   = Σ_i c_i·y_i
 *     x   = A⁻¹·b                                              (Cholesky; A is SPD when λ > 0)
 *
 *   Score items with x·y. No items → x = 0 (use the popular fallback instead).
 */
import { activityWeight } from './csr.ts';
import { choleskyInPlace, choleskySolveInPlace } from './linalg.ts';

/** Everything the fold-in needs besides the visitor's item vectors. */
export interface FoldInParams {
  dim: number;
  /** G = YᵀY over all model items, d×d row-major (f32 from the manifest or f64 from training). */
  gramian: Float32Array | Float64Array;
  /** N: number of items in the model (the |I| in the regulariser). */
  numItems: number;
  unobservedWeight: number;
  regularization: number;
  regularizationExponent: number;
  alpha: number;
  /** γ of the user-activity weighting (0 = off). */
  activityExponent: number;
  /** s of the user-activity weighting (1 = off). */
  activityScale: number;
}

/**
 * Folds in one user from the vectors of their distinct items (`vectors`: n × dim row-major) and
 * the summed weight of each (default 1).
 *
 * @example
 * const x = foldIn(params, itemVectors, new Float32Array([8, 1])); // bought item 0, viewed item 1
 */
export function foldIn(
  params: FoldInParams,
  vectors: Float32Array,
  weights?: ArrayLike<number>,
): Float32Array {
  const { dim } = params;
  const n = vectors.length / dim;
  if (!Number.isInteger(n))
    throw new RangeError(`vectors length ${vectors.length} is not a multiple of ${dim}`);
  if (weights && weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} items`);
  if (n === 0) return new Float32Array(dim);
  const a = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const reg =
    params.regularization * (n + params.unobservedWeight * params.numItems) ** params.regularizationExponent;
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) a[i * dim + j] = params.unobservedWeight * params.gramian[i * dim + j]!;
    a[i * dim + i]! += reg;
  }
  const activity = activityWeight(n, params.activityExponent, params.activityScale);
  for (let r = 0; r < n; r++) {
    const c = Math.max(0, 1 + params.alpha * (weights ? weights[r]! : 1)) * activity;
    const o = r * dim;
    for (let i = 0; i < dim; i++) {
      const cyi = c * vectors[o + i]!;
      b[i]! += cyi;
      for (let j = 0; j <= i; j++) a[i * dim + j]! += cyi * vectors[o + j]!;
    }
  }
  if (!choleskyInPlace(a, dim))
    throw new RangeError('fold-in system is not positive definite (regularization 0?)');
  choleskySolveInPlace(a, dim, b);
  return Float32Array.from(b);
}

/**
 * Fold-in by item indices of a trained model: gathers the item rows and calls `foldIn`.
 * Repeated indices are merged by adding their weights, as training does.
 *
 * @example
 * const x = foldInItems(params, model.itemFactors, Int32Array.of(3, 17, 3));
 */
export function foldInItems(
  params: FoldInParams,
  itemFactors: Float32Array,
  items: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Float32Array {
  const summed = new Map<number, number>();
  for (let k = 0; k < items.length; k++) {
    const i = items[k]!;
    summed.set(i, (summed.get(i) ?? 0) + (weights ? weights[k]! : 1));
  }
  const order = [...summed.keys()].sort((x, y) => x - y);
  const vectors = new Float32Array(order.length * params.dim);
  order.forEach((i, r) => {
    vectors.set(itemFactors.subarray(i * params.dim, (i + 1) * params.dim), r * params.dim);
  });
  return foldIn(
    params,
    vectors,
    order.map((i) => summed.get(i)!),
  );
}
