/**
 * The by-id stage of the index build: items, and users with a vector, hashed (FNV-1a) into
 * shards the edge fetches by id for direct lookups (user vectors, item similarity).
 */
import type { BlobRef, IndexConfig } from '#shared/schemas';
import type { BlobSink, BuildIndexOptions, EmbeddingModel } from './build.ts';
import { autoShardCount, buildHashShards } from './hash-shards.ts';
import type { Matrix } from './kernels.ts';
import { maxIdBytes } from './quantize.ts';

async function putHashShards(
  ids: readonly string[],
  m: Matrix,
  count: number,
  sink: BlobSink,
  include?: (r: number) => boolean,
) {
  const shards: BlobRef[] = new Array(count);
  await buildHashShards(
    ids,
    m,
    count,
    async (b, bytes) => {
      shards[b] = await sink(bytes);
    },
    include,
  );
  return { hash: 'fnv1a32' as const, shardCount: count, shards };
}

/**
 * Stores the item and user hash shards; users without a vector (all-zero row) are left out.
 *
 * @example
 * const { byId, users, usersIndexed } = await putIdShards(model, items, users, withVector, config, sink);
 */
export async function putIdShards(
  model: EmbeddingModel,
  items: Matrix,
  users: Matrix,
  withVector: (r: number) => boolean,
  config: IndexConfig,
  sink: BlobSink,
  onProgress: BuildIndexOptions['onProgress'],
) {
  onProgress?.('by-id shards', 0, 1);
  const shardBytes = config.shardKiB * 1024;
  const itemShards =
    config.itemShards || autoShardCount(items.rows, model.dim, maxIdBytes(model.itemIds), shardBytes);
  const byId = await putHashShards(model.itemIds, items, itemShards, sink);
  const usersIndexed = model.userIds.reduce((n, _id, r) => n + (withVector(r) ? 1 : 0), 0);
  const userShards =
    config.userShards || autoShardCount(usersIndexed, model.dim, maxIdBytes(model.userIds), shardBytes);
  return {
    byId,
    users: await putHashShards(model.userIds, users, userShards, sink, withVector),
    usersIndexed,
  };
}
