/**
 * Hash-bucketed f32 shards: row r goes to bucket `bucketOf(ids[r], shardCount)` (the shared
 * FNV-1a rule the edge recomputes), so a lookup by id fetches exactly one small shard. Within
 * a bucket rows are sorted by id (UTF-16 code-unit order), so a reader may binary-search the
 * shard's id table instead of building a map. f32 because these vectors are used exactly
 * (a user's query vector, fold-in, item-to-item seeds), and each lookup touches one row.
 */
import { encodeShard } from '#shared/codec';
import { bucketOf } from '#shared/sharding';
import { InFlight, WRITE_CONCURRENCY } from './in-flight.ts';
import { gatherRows, type Matrix } from './kernels.ts';
import { shardRowBytes } from './quantize.ts';

/**
 * Buckets so that an average shard holds about ¾ of `shardBytes` (at least 1 bucket): hashing
 * leaves buckets a few percent uneven, and the largest must still fit the edge budget.
 *
 * @example
 * autoShardCount(100_000, 64, 12, 256 * 1024); // 139
 */
export function autoShardCount(rows: number, dim: number, idBytes: number, shardBytes: number): number {
  return Math.max(1, Math.ceil((rows * shardRowBytes('f32', dim, idBytes)) / (0.75 * shardBytes)));
}

/** Row numbers per bucket, each sorted by id. */
export function bucketRows(ids: readonly string[], shardCount: number): Int32Array[] {
  const buckets: number[][] = Array.from({ length: shardCount }, () => []);
  for (let r = 0; r < ids.length; r++) (buckets[bucketOf(ids[r] as string, shardCount)] as number[]).push(r);
  return buckets.map((b) => {
    b.sort((x, y) => {
      const a = ids[x] as string;
      const c = ids[y] as string;
      return a < c ? -1 : a > c ? 1 : 0;
    });
    return Int32Array.from(b);
  });
}

/**
 * Encodes one f32 shard per bucket, in bucket order; `include(r)` can leave rows out (e.g.
 * users with no trained vector). Calls `onShard` as each is ready so callers can stream them
 * to storage instead of holding every shard in memory; up to `WRITE_CONCURRENCY` calls run at
 * once, so `onShard` must place its result by `bucket`, not by call order.
 *
 * @example
 * await buildHashShards(userIds, users, 32, async (b, bytes) => { refs[b] = await putBlob(bytes); });
 */
export async function buildHashShards(
  ids: readonly string[],
  x: Matrix,
  shardCount: number,
  onShard: (bucket: number, bytes: Uint8Array) => Promise<void>,
  include: (row: number) => boolean = () => true,
): Promise<void> {
  const buckets = bucketRows(ids, shardCount);
  const writes = new InFlight(WRITE_CONCURRENCY);
  for (let b = 0; b < shardCount; b++) {
    const rows = (buckets[b] as Int32Array).filter(include);
    const bytes = encodeShard({
      ids: Array.from(rows, (r) => ids[r] as string),
      vectors: gatherRows(x, rows).data,
      dim: x.dim,
      dtype: 'f32',
    });
    await writes.run(() => onShard(b, bytes));
  }
  await writes.drain();
}
