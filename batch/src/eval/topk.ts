/**
 * Top-k selection over dense score rows, and `forEachScoredBatch`, the one way any `Recommender`
 * is scored for ranking (`evaluate` ranks with both), so exclusion and tie-breaking are identical
 * for every model.
 *
 * Why a bounded insertion list instead of sorting: k is small (10–100) and N large (10k–1M);
 * one pass that only touches the list when a score beats the current k-th costs O(N + k·hits),
 * so it is bound by reading the scores once.
 */
import type { Csr } from '../data/interactions.ts';
import type { Recommender } from './recommender.ts';

/**
 * Indices (relative to `start`) of the `k` highest scores in `scores[start, end)`, best first.
 * Ties go to the lower index; `-Infinity` and `NaN` are never returned, so the result is shorter
 * than `k` when fewer items are eligible.
 *
 * @example
 * topKItems(new Float32Array([0.1, 0.9, 0.5, 0.9]), 2); // Int32Array [1, 3]
 */
export function topKItems(scores: Float32Array, k: number, start = 0, end = scores.length): Int32Array {
  const cap = Math.max(0, Math.min(k, end - start));
  const idx = new Int32Array(cap);
  const val = new Float64Array(cap);
  let size = 0;
  for (let p = start; p < end; p++) {
    const s = scores[p]!;
    // `!(s > -Infinity)` is true for NaN as well as -Infinity.
    if (!(s > Number.NEGATIVE_INFINITY)) continue;
    if (size === cap && !(s > val[cap - 1]!)) continue;
    // Insert after every entry with score >= s (earlier index wins ties).
    let j = size < cap ? size++ : cap - 1;
    while (j > 0 && val[j - 1]! < s) {
      val[j] = val[j - 1]!;
      idx[j] = idx[j - 1]!;
      j--;
    }
    val[j] = s;
    idx[j] = p - start;
  }
  return size === cap ? idx : idx.slice(0, size);
}

/** Options for `forEachScoredBatch`. */
export interface RecommendOptions {
  /** Items to remove per user: a user-row CSR (e.g. `toCsr(train, 'user')`), or null for none. */
  exclude?: Csr | null;
  /** Largest `batch × numItems` score buffer, in floats (default 2^24 = 64 MB). */
  maxBufferFloats?: number;
  /** Called after each batch with the number of users done, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Scores `users` in batches, applies `exclude`, and hands each batch's buffer to `visit`
 * (the buffer is reused, so `visit` must not keep it).
 */
export async function forEachScoredBatch(
  recommender: Recommender,
  users: Int32Array,
  numItems: number,
  options: RecommendOptions,
  visit: (batch: Int32Array, scores: Float32Array) => void,
): Promise<void> {
  if (numItems <= 0 || users.length === 0) {
    if (users.length > 0) visit(users, new Float32Array(0));
    return;
  }
  const maxFloats = options.maxBufferFloats ?? 1 << 24;
  const batchSize = Math.max(1, Math.min(users.length, Math.floor(maxFloats / numItems)));
  const buffer = new Float32Array(batchSize * numItems);
  const exclude = options.exclude ?? null;
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.subarray(start, Math.min(users.length, start + batchSize));
    const scores = batch.length === batchSize ? buffer : buffer.subarray(0, batch.length * numItems);
    await recommender.scoreUsers(batch, scores);
    if (exclude !== null) {
      for (let b = 0; b < batch.length; b++) {
        const u = batch[b]!;
        if (u + 1 >= exclude.indptr.length) continue;
        const base = b * numItems;
        for (let p = exclude.indptr[u]!; p < exclude.indptr[u + 1]!; p++) {
          scores[base + exclude.indices[p]!] = Number.NEGATIVE_INFINITY;
        }
      }
    }
    visit(batch, scores);
    options.onProgress?.(Math.min(users.length, start + batchSize), users.length);
  }
}
