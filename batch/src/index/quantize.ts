/**
 * Storage precision of the IVF list shards, and the byte budget that sizes lists.
 *
 * - f32: exact, 4 bytes per value.
 * - f16: 2 bytes, relative error ≤ 2⁻¹¹ per value; ranking changes only between near-ties.
 * - int8: 1 byte + one f32 scale per row (symmetric per-row scale, see codec/int8.ts).
 * A quantised list can carry an f32 copy of its rows (the manifest's `rerank` blob): the edge
 * scans the small shard for `k · rerankFactor` candidates, then rescores those exactly. Recall
 * of every combination against exact f32 search is measured by `npm run bench:index`.
 */
import { DTYPE_BYTES, encodeShard, type ShardDtype } from '#shared/codec';
import { gatherRows, type Matrix } from './kernels.ts';

/** Encoded blobs of one inverted list. */
export interface ListBlobs {
  /** Shard-codec bytes in the index dtype. */
  shard: Uint8Array;
  /** f32 shard of the same rows, for exact rerank; only for quantised dtypes when asked. */
  rerank?: Uint8Array;
}

/** Bytes of a shard header plus the extra id offset and worst-case padding. */
const SHARD_OVERHEAD = 24 + 4 + 3;

/**
 * Bytes one row costs in a shard of `dtype`: id offset + id bytes + vector (+ int8 scale).
 *
 * @example
 * shardRowBytes('f32', 64, 10); // 270
 */
export function shardRowBytes(dtype: ShardDtype, dim: number, idBytes: number): number {
  return 4 + idBytes + dim * DTYPE_BYTES[dtype] + (dtype === 'int8' ? 4 : 0);
}

/**
 * Most rows a list may hold so that each of its blobs stays within `shardBytes`. With rerank
 * the f32 copy is the largest blob, so it decides.
 *
 * @example
 * maxRowsPerShard(256 * 1024, 64, 'int8', 10, true); // 970 (the f32 rerank blob decides)
 */
export function maxRowsPerShard(
  shardBytes: number,
  dim: number,
  dtype: ShardDtype,
  idBytes: number,
  rerank: boolean,
): number {
  const widest = rerank && dtype !== 'f32' ? 'f32' : dtype;
  return Math.max(1, Math.floor((shardBytes - SHARD_OVERHEAD) / shardRowBytes(widest, dim, idBytes)));
}

/**
 * Longest UTF-8 id in bytes. A UTF-16 code unit is at most 3 UTF-8 bytes, so an id whose
 * `length · 3` cannot beat the longest so far is not measured: encoding all 1M ids of a large
 * catalogue (three times per build) cost seconds on the main thread.
 *
 * @example
 * maxIdBytes(['sku-1', 'ś']); // 5
 */
export function maxIdBytes(ids: readonly string[]): number {
  const enc = new TextEncoder();
  let max = 0;
  for (const id of ids) if (id.length * 3 > max) max = Math.max(max, enc.encode(id).length);
  return max;
}

/**
 * Encodes the rows of one list (in the given order) as a shard of `dtype`, plus the f32 rerank
 * copy when `rerank` is set and the dtype is lossy.
 *
 * @example
 * const { shard, rerank } = encodeList(itemIds, items, ivf.lists[0], 'int8', true);
 */
export function encodeList(
  ids: readonly string[],
  x: Matrix,
  rows: ArrayLike<number>,
  dtype: ShardDtype,
  rerank: boolean,
): ListBlobs {
  const listIds = Array.from(rows, (r) => ids[r] as string);
  const vectors = gatherRows(x, rows).data;
  const shard = encodeShard({ ids: listIds, vectors, dim: x.dim, dtype });
  if (!rerank || dtype === 'f32') return { shard };
  return { shard, rerank: encodeShard({ ids: listIds, vectors, dim: x.dim, dtype: 'f32' }) };
}
