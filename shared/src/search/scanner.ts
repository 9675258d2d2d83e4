/**
 * The exact scan: rows of one shard scored by inner product with the query and offered to a
 * top-k heap, skipping rows the business filters reject. f32 rows go through the shared `dot`
 * kernel (the one batch evaluation uses, so edge and Node rank identically); f16/int8 rows are
 * scored in their stored dtype and later re-scored exactly from the list's f32 rerank copy.
 */
import { type Shard, shardRowDot } from '#shared/codec';
import { dot, type TopK } from '#shared/scoring';

/** Row predicate: true keeps the row. */
export type RowFilter = (row: number) => boolean;

/**
 * Offers every row of `shard` that `keep` accepts to `heap`, as index `offset + row`.
 * O(count · dim), no allocation per row; one heap can collect across many shards.
 *
 * @example
 * scanInto(heap, list.shard, query, (r) => meta.available[r], rowsSoFar);
 */
export function scanInto(
  heap: TopK,
  shard: Shard,
  query: Float32Array,
  keep: RowFilter | undefined,
  offset: number,
): void {
  const { count, dim } = shard;
  if (shard.dtype === 'f32') {
    const data = shard.data;
    for (let r = 0; r < count; r++) {
      if (keep !== undefined && !keep(r)) continue;
      heap.push(offset + r, dot(query, 0, data, r * dim, dim));
    }
  } else {
    for (let r = 0; r < count; r++) {
      if (keep !== undefined && !keep(r)) continue;
      heap.push(offset + r, shardRowDot(shard, r, query));
    }
  }
}

/**
 * Exact f32 score of `row` of an f32 shard (the rerank copy of a quantised list).
 *
 * @example
 * const exact = exactScore(rerank, row, query);
 */
export function exactScore(shard: Shard, row: number, query: Float32Array): number {
  return shard.dtype === 'f32'
    ? dot(query, 0, shard.data, row * shard.dim, shard.dim)
    : shardRowDot(shard, row, query);
}
