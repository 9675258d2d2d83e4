/**
 * The two compressed-sparse-row views iALS alternates over (user-major and item-major), with
 * confidences c = 1 + alpha·w in place of the summed weights.
 *
 * Built on `toCsr` (two stable counting sorts, columns sorted, duplicates summed): sorted columns
 * make every floating-point sum run in a fixed order, which is what makes training repeatable
 * bit for bit for a seed.
 */
import { type InteractionSet, toCsr } from '../../data/interactions.ts';
import type { ConfidenceCsr } from './half-sweep.ts';

export interface IalsMatrices {
  byUser: ConfidenceCsr;
  byItem: ConfidenceCsr;
  /** Distinct (user, item) pairs after merging duplicates. */
  nnz: number;
}

/**
 * Both CSR views of `set` with confidences `1 + alpha·w` (w = summed weight of the pair).
 *
 * @example
 * const { byUser, byItem } = buildIalsMatrices(train, 1);
 */
export function buildIalsMatrices(set: InteractionSet, alpha: number): IalsMatrices {
  const toConfidence = (by: 'user' | 'item'): ConfidenceCsr => {
    const csr = toCsr(set, by);
    const confidence = csr.values;
    // A negative weight may not push c below 0: c = 0 drops the pair to the unobserved weight.
    for (let k = 0; k < confidence.length; k++) confidence[k] = Math.max(0, 1 + alpha * confidence[k]!);
    return { indptr: csr.indptr, indices: csr.indices, confidence };
  };
  const byUser = toConfidence('user');
  return { byUser, byItem: toConfidence('item'), nnz: byUser.indices.length };
}
