/**
 * IVF routing: which inverted lists to scan for a query. Row i of the centroids is the centroid
 * of list i; lists are ranked by inner product with the query (the same metric the scan uses,
 * so the best lists for maximum-inner-product search come first). Ties go to the lower list.
 */
import { type Shard, shardRowDot } from '#shared/codec';
import { dot } from '#shared/scoring';

/** Centroids as a row-major f32 block (a decoded f32 shard or a batch matrix). */
export interface CentroidBlock {
  data: Float32Array;
  dim: number;
  count: number;
}

/**
 * All list numbers, best first (score desc, ties to the lower list). O(nlist · dim + nlist log nlist).
 * The caller takes a prefix of `nprobe`, and more when filters or failures leave it short.
 *
 * @example
 * const order = rankLists(centroids, userVector); // Int32Array [17, 3, 40, …]
 */
export function rankLists(centroids: Shard | CentroidBlock, query: Float32Array): Int32Array {
  const n = centroids.count;
  const scores = new Float64Array(n);
  if (!('dtype' in centroids) || centroids.dtype === 'f32') {
    const { data, dim } = centroids;
    for (let r = 0; r < n; r++) scores[r] = dot(query, 0, data, r * dim, dim);
  } else {
    for (let r = 0; r < n; r++) scores[r] = shardRowDot(centroids, r, query);
  }
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  return order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}
