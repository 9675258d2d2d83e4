/**
 * Looking up trained vectors by id: users and items are hash-sharded (`bucketOf(id, n)`, the
 * same function the batch publisher split them with), so one id costs at most one shard load,
 * and a batch of ids loads each distinct shard once, in parallel.
 */
import { f16Table, type Shard } from '#shared/codec';
import type { Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import type { RequestScope } from '../../lib/index.ts';
import type { ShardStore } from '../shards/index.ts';

type HashSharding = Manifest['items']['byId'];

/** Row `row` of `shard` as f32 (a view for f32 shards, a copy otherwise). */
export function rowVector(shard: Shard, row: number): Float32Array {
  const { dim } = shard;
  if (shard.dtype === 'f32') return shard.data.subarray(row * dim, (row + 1) * dim);
  const out = new Float32Array(dim);
  if (shard.dtype === 'f16') {
    const table = f16Table();
    for (let j = 0; j < dim; j++) out[j] = table[shard.data[row * dim + j] as number] as number;
  } else {
    const scale = shard.scales[row] as number;
    for (let j = 0; j < dim; j++) out[j] = (shard.data[row * dim + j] as number) * scale;
  }
  return out;
}

/**
 * Vectors of `ids` found in `sharding` (unknown ids are simply absent from the result).
 * Rejects when a needed shard cannot be loaded.
 *
 * @example
 * const found = await lookupVectors(manifest.items.byId, ['i1', 'i9'], store, scope);
 */
export async function lookupVectors(
  sharding: HashSharding,
  ids: readonly string[],
  store: ShardStore,
  scope: RequestScope,
): Promise<Map<string, Float32Array>> {
  const byBucket = new Map<number, string[]>();
  for (const id of ids) {
    const b = bucketOf(id, sharding.shardCount);
    const list = byBucket.get(b);
    if (list === undefined) byBucket.set(b, [id]);
    else list.push(id);
  }
  const found = new Map<string, Float32Array>();
  await Promise.all(
    Array.from(byBucket, async ([bucket, bucketIds]) => {
      const ref = sharding.shards[bucket];
      if (ref === undefined) return;
      const loaded = await store.shard(ref, scope);
      for (const id of bucketIds) {
        const row = loaded.rowOf(id);
        if (row !== undefined) found.set(id, rowVector(loaded.shard, row));
      }
    }),
  );
  return found;
}
