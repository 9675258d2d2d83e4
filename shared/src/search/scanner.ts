/**
 * The scan: rows of one shard scored by inner product with the query and offered to a top-k
 * heap, skipping rows the business filters reject. f32 and int8 rows are scored in blocks by
 * the scan kernel (WebAssembly SIMD where installed, else scalar JavaScript); f16 rows one by
 * one in their stored dtype. Scores are f32 sums, so the winners are re-scored exactly (f64
 * sums over the f32 values, or the list's f32 rerank copy) before they are returned.
 */
import { type Shard, shardRowDot } from '#shared/codec';
import { dot, type TopK } from '#shared/scoring';
import { KERNEL_BLOCK_ROWS, scanKernel } from './kernel.ts';

/** Row predicate: true keeps the row. */
export type RowFilter = (row: number) => boolean;

/**
 * Offers every row of `shard` that `keep` accepts to `heap`, as index `offset + row`.
 * O(count · dim); one heap can collect across many shards. Rows are numbered upwards in scan
 * order, so a row whose score only equals the heap's threshold can never enter (ties go to the
 * lower index): the loop rejects it before calling the filter or the heap.
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
  if (shard.dtype === 'f16') {
    for (let r = 0; r < count; r++) {
      if (keep !== undefined && !keep(r)) continue;
      heap.push(offset + r, shardRowDot(shard, r, query));
    }
    return;
  }
  const kernel = scanKernel();
  for (let from = 0; from < count; from += KERNEL_BLOCK_ROWS) {
    const to = Math.min(count, from + KERNEL_BLOCK_ROWS);
    const scores =
      shard.dtype === 'f32'
        ? kernel.scoreF32(query, shard.data, dim, from, to)
        : kernel.scoreInt8(query, shard.data, shard.scales, dim, from, to);
    let threshold = heap.threshold();
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      if (!(s > threshold)) continue;
      const r = from + i;
      if (keep !== undefined && !keep(r)) continue;
      heap.push(offset + r, s);
      threshold = heap.threshold();
    }
  }
}

/**
 * Exact score of `row`: f64 sum over f32 values (the rerank copy of a quantised list, or an
 * f32 list itself), or the stored-dtype score of an f16/int8 row without a copy.
 *
 * @example
 * const exact = exactScore(rerank, row, query);
 */
export function exactScore(shard: Shard, row: number, query: Float32Array): number {
  return shard.dtype === 'f32'
    ? dot(query, 0, shard.data, row * shard.dim, shard.dim)
    : shardRowDot(shard, row, query);
}
