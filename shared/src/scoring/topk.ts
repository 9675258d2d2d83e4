/**
 * Exact brute-force top-k over a row-major matrix. This is the one scoring kernel behind batch
 * evaluation (recall@k, NDCG) and the edge scanner, so both rank identically: score desc, ties
 * to the lower row.
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
