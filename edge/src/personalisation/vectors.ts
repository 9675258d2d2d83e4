/**
 * Looking up trained vectors by id: users and items are hash-sharded (`bucketOf(id, n)`, the
 * same function the batch publisher split them with), so one id costs at most one shard load,
 * and a batch of ids loads each distinct shard once, in parallel (the shard cache bounds how
 * many reach the network at once).
 */
import { f16Table, type Shard } from '#shared/codec';
import { type AppError, isIoError } from '#shared/errors';
import type { BlobRef, Manifest } from '#shared/schemas';
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

export interface VectorLookup {
  /** Vectors of the ids found (unknown ids are simply absent). */
  found: Map<string, Float32Array>;
  /** I/O failures of shards that could not be loaded (their ids are absent from `found`). */
  failures: AppError[];
}

/**
 * Vectors of `ids` found in `sharding`. Every needed shard is awaited to the end (settled, never
 * raced), so one broken shard costs only its own ids and never leaves a sibling load behind;
 * a non-I/O failure (a bug) is rethrown.
 *
 * @example
 * const { found, failures } = await lookupVectors(manifest.items.byId, ['i1', 'i9'], store, scope);
 */
export async function lookupVectors(
  sharding: HashSharding,
  ids: readonly string[],
  store: ShardStore,
  scope: RequestScope,
): Promise<VectorLookup> {
  const byBucket = new Map<number, string[]>();
  for (const id of ids) {
    const b = bucketOf(id, sharding.shardCount);
    const list = byBucket.get(b);
    if (list === undefined) byBucket.set(b, [id]);
    else list.push(id);
  }
  const buckets = Array.from(byBucket).filter(([bucket]) => sharding.shards[bucket] !== undefined);
  const settled = await Promise.allSettled(
    buckets.map(([bucket]) => store.shard(sharding.shards[bucket] as BlobRef, scope)),
  );
  const found = new Map<string, Float32Array>();
  const failures: AppError[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'rejected') {
      if (!isIoError(result.reason)) throw result.reason;
      failures.push(result.reason);
      return;
    }
    for (const id of (buckets[i] as [number, string[]])[1]) {
      const row = result.value.rowOf(id);
      if (row !== undefined) found.set(id, rowVector(result.value.shard, row));
    }
  });
  return { found, failures };
}
