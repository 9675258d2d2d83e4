/**
 * IVF routing: which inverted lists to scan for a query. Row i of the centroids is the centroid
 * of list i; lists are ranked by inner product with the query (the same metric the scan uses,
 * so the best lists for maximum-inner-product search come first). Ties go to the lower list.
 *
 * The centroids are one contiguous f32 block scored by the scan kernel (SIMD where installed),
 * and only the `count` best are selected, with a bounded heap: O(nlist · dim + nlist · log count)
 * instead of sorting every list.
 */
import { dequantize, type Shard } from '#shared/codec';
import { TopK } from '#shared/scoring';
import { KERNEL_BLOCK_ROWS, scanKernel } from './kernel.ts';

/** Centroids as a row-major f32 block (a decoded f32 shard or a batch matrix). */
export interface CentroidBlock {
  data: Float32Array;
  dim: number;
  count: number;
}

/** f32 copies of quantised centroid shards, made once per decoded shard. */
const widened = new WeakMap<Shard, Float32Array>();

function f32Rows(centroids: Shard | CentroidBlock): Float32Array {
  if (!('dtype' in centroids) || centroids.dtype === 'f32') return centroids.data as Float32Array;
  let rows = widened.get(centroids);
  if (rows === undefined) {
    rows = dequantize(centroids);
    widened.set(centroids, rows);
  }
  return rows;
}

/**
 * The `count` best list numbers, best first (score desc, ties to the lower list). The caller
 * asks for `nprobe`, and again for more when filters or failures leave it short; the answer
 * for a larger count starts with the answer for a smaller one.
 *
 * @example
 * const probes = topLists(centroids, userVector, 8); // Int32Array [17, 3, 40, …]
 */
export function topLists(centroids: Shard | CentroidBlock, query: Float32Array, count: number): Int32Array {
  const n = centroids.count;
  const { dim } = centroids;
  const data = f32Rows(centroids);
  const heap = new TopK(Math.max(0, Math.min(count, n)));
  const kernel = scanKernel();
  for (let from = 0; from < n; from += KERNEL_BLOCK_ROWS) {
    const to = Math.min(n, from + KERNEL_BLOCK_ROWS);
    heap.pushBlock(kernel.scoreF32(query, data, dim, from, to), from);
  }
  return heap.results().indices;
}

/**
 * All list numbers, best first (what calibration needs: the rank of every list).
 *
 * @example
 * const order = rankLists(centroids, userVector);
 */
export function rankLists(centroids: Shard | CentroidBlock, query: Float32Array): Int32Array {
  return topLists(centroids, query, centroids.count);
}
