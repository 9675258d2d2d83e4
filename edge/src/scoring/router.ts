/**
 * IVF routing: which inverted lists to scan for a query. Row i of the centroids shard is the
 * centroid of list i; lists are ranked by inner product with the query (the same metric the
 * scan uses, so the best lists for maximum-inner-product search come first).
 */
import type { Shard } from '#shared/codec';
import { shardRowDot } from '#shared/codec';
import { dot } from '#shared/scoring';

/**
 * All list numbers, best first (score desc, ties to the lower list). O(nlist · dim + nlist log nlist).
 * The caller takes a prefix of `nprobe`, and more when filters or failures leave it short.
 *
 * @example
 * const order = rankLists(centroids, userVector); // Int32Array [17, 3, 40, …]
 */
export function rankLists(centroids: Shard, query: Float32Array): Int32Array {
  const n = centroids.count;
  const scores = new Float64Array(n);
  if (centroids.dtype === 'f32') {
    for (let r = 0; r < n; r++) scores[r] = dot(query, 0, centroids.data, r * centroids.dim, centroids.dim);
  } else {
    for (let r = 0; r < n; r++) scores[r] = shardRowDot(centroids, r, query);
  }
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  return order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}
