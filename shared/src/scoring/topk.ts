/**
 * Exact brute-force top-k over a row-major matrix, and merging of per-shard partial results.
 * This is the one scoring kernel behind batch evaluation (recall@k, NDCG) and the edge
 * scanner, so both rank identically: score desc, ties to the lower row / lexicographically
 * smaller id.
 */
import { dot } from './dot.ts';
import { TopK, type TopKResult } from './heap.ts';

export interface TopKOptions {
  /** Rows to skip (already seen items, the query item itself): a predicate or a set of rows. */
  exclude?: ((row: number) => boolean) | ReadonlySet<number>;
}

/**
 * The k rows of `vectors` (n × dim, row-major) with the highest dot product with `query`.
 * Time O(n · dim + n · log k), memory O(k); returns fewer than k when fewer rows qualify.
 * Throws RangeError for shape mistakes (programmer errors).
 *
 * @example
 * const { indices, scores } = topK(userVec, itemMatrix, 32, 10, { exclude: seenRows });
 */
export function topK(
  query: Float32Array,
  vectors: Float32Array,
  dim: number,
  k: number,
  options: TopKOptions = {},
): TopKResult {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be an integer ≥ 1, got ${dim}`);
  if (query.length !== dim) throw new RangeError(`query has ${query.length} values, dim is ${dim}`);
  if (vectors.length % dim !== 0) {
    throw new RangeError(`vectors length ${vectors.length} is not a multiple of dim ${dim}`);
  }
  const n = vectors.length / dim;
  const heap = new TopK(Math.min(k, n));
  const { exclude } = options;
  const skip =
    exclude === undefined
      ? undefined
      : typeof exclude === 'function'
        ? exclude
        : (r: number) => exclude.has(r);
  for (let r = 0; r < n; r++) {
    if (skip?.(r)) continue;
    heap.push(r, dot(query, 0, vectors, r * dim, dim));
  }
  return heap.results();
}

/** One scored candidate identified by its string id (rows from different shards). */
export interface ScoredId {
  id: string;
  score: number;
}

/**
 * Merges partial top-k lists (one per shard) into the global top-k. An id present in several
 * lists keeps its best score; ties rank the smaller id (UTF-16 code-unit order) first; NaN
 * scores are dropped. O(N log N) for N total entries, which is at most shards × k.
 *
 * @example
 * const best = mergeTopK([shardA, shardB], 10); // [{ id: 'm42', score: 3.1 }, …]
 */
export function mergeTopK(lists: ReadonlyArray<ReadonlyArray<ScoredId>>, k: number): ScoredId[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be an integer ≥ 0, got ${k}`);
  const best = new Map<string, number>();
  for (const list of lists) {
    for (const { id, score } of list) {
      if (Number.isNaN(score)) continue;
      const prev = best.get(id);
      if (prev === undefined || score > prev) best.set(id, score);
    }
  }
  const merged = Array.from(best, ([id, score]) => ({ id, score }));
  merged.sort((a, b) => (b.score !== a.score ? b.score - a.score : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return merged.length > k ? merged.slice(0, k) : merged;
}
