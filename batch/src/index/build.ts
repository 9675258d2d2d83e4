/**
 * Index build: turns a trained embedding model into every artifact the edge reads — IVF router
 * and list shards (+ metadata, + f32 rerank copies), items and users by id hash, the fold-in
 * Gramian and the fallback lists — and returns the manifest sections that name them.
 *
 * Blobs leave through a `BlobSink` as soon as each is encoded (the publisher's content-addressed
 * put), so peak memory is the model plus one shard, not the whole index.
 */
import { encodeShard } from '#shared/codec';
import type { BlobRef, IndexConfig, Manifest } from '#shared/schemas';
import type { ItemAttributes } from './attributes.ts';
import { type CurvePoint, calibrateNprobe, curvePoints, sampleQueries } from './calibrate.ts';
import { buildFallback, encodeFallback } from './fallback.ts';
import { encodeGramian, type FoldInConstants } from './foldin.ts';
import { autoShardCount, buildHashShards } from './hash-shards.ts';
import { buildIvf } from './ivf.ts';
import type { Matrix } from './kernels.ts';
import { encodeMetadata, listMetadata } from './metadata.ts';
import { encodeList, maxIdBytes, maxRowsPerShard } from './quantize.ts';

/** The part of a trained MF model the index needs (row i of the factors is ids[i]). */
export interface EmbeddingModel {
  dim: number;
  userIds: readonly string[];
  itemIds: readonly string[];
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

/** Stores one blob and says where (content-addressed: `blobs/<sha256>`). */
export type BlobSink = (bytes: Uint8Array) => Promise<BlobRef>;

export interface BuildIndexOptions {
  config: IndexConfig;
  attrs: ItemAttributes;
  foldIn: FoldInConstants;
  /** Called between stages and per list: cheap, for progress bars. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface IndexStats {
  lists: number;
  /** The manifest's defaultNprobe, and the recall@10 / scan fraction measured for it. */
  nprobe: number;
  calibratedRecall: number | null;
  calibratedScanned: number | null;
  calibrationQueries: number;
  /** Measured recall@10 and scan fraction at nprobe = 1, 2, 4, … (empty without calibration). */
  recallCurve: CurvePoint[];
  splits: number;
  kmeansIterations: number;
  maxListRows: number;
  largestListRows: number;
  largestShardBytes: number;
  meanShardBytes: number;
  itemShards: number;
  userShards: number;
  usersIndexed: number;
  kmeansSeconds: number;
  totalSeconds: number;
}

export interface IndexArtifacts {
  items: Manifest['items'];
  users: Manifest['users'];
  foldIn: Manifest['foldIn'];
  fallback: BlobRef;
  stats: IndexStats;
}

function nonZeroRow(m: Matrix): (r: number) => boolean {
  return (r) => {
    for (let d = 0; d < m.dim; d++) if (m.data[r * m.dim + d] !== 0) return true;
    return false;
  };
}

async function putHashShards(
  ids: readonly string[],
  m: Matrix,
  count: number,
  sink: BlobSink,
  include?: (r: number) => boolean,
) {
  const shards: BlobRef[] = [];
  await buildHashShards(
    ids,
    m,
    count,
    async (_b, bytes) => {
      shards.push(await sink(bytes));
    },
    include,
  );
  return { hash: 'fnv1a32' as const, shardCount: count, shards };
}

/**
 * Builds and stores every index artifact of `model`.
 *
 * @example
 * const art = await buildIndex(model, sink, { config: IndexConfig.parse({}), attrs, foldIn });
 * manifest.items = art.items;
 */
export async function buildIndex(
  model: EmbeddingModel,
  sink: BlobSink,
  options: BuildIndexOptions,
): Promise<IndexArtifacts> {
  const started = performance.now();
  const { config, attrs, onProgress } = options;
  const { dim } = model;
  const items: Matrix = { data: model.itemFactors, rows: model.itemIds.length, dim };
  const users: Matrix = { data: model.userFactors, rows: model.userIds.length, dim };
  const shardBytes = config.shardKiB * 1024;
  const idBytes = maxIdBytes(model.itemIds);
  const maxListRows = maxRowsPerShard(shardBytes, dim, config.dtype, idBytes, config.rerank);

  onProgress?.('kmeans', 0, 1);
  const ivf = buildIvf(items, {
    nlist: config.nlist,
    maxListRows,
    metric: config.metric,
    iterations: config.kmeansIterations,
    seed: config.seed,
  });
  const kmeansSeconds = (performance.now() - started) / 1000;
  const withVector = nonZeroRow(users);
  onProgress?.('calibrate nprobe', 0, 1);
  const queries = config.nprobe > 0 ? null : sampleQueries(users, withVector, config.seed);
  const calibration =
    queries === null || queries.rows === 0
      ? null
      : calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: config.targetRecall });
  // Without user vectors to calibrate on, fall back to a small fixed probe count.
  const nprobe = calibration?.nprobe ?? Math.min(config.nprobe || 8, ivf.lists.length);
  const centroids = await sink(
    encodeShard({ ids: ivf.lists.map((_, j) => String(j)), vectors: ivf.centroids.data, dim, dtype: 'f32' }),
  );
  const lists: Manifest['items']['index']['lists'] = [];
  let largest = 0;
  let totalBytes = 0;
  for (let j = 0; j < ivf.lists.length; j++) {
    const rows = ivf.lists[j] as Int32Array;
    const blobs = encodeList(model.itemIds, items, rows, config.dtype, config.rerank);
    largest = Math.max(largest, blobs.shard.length, blobs.rerank?.length ?? 0);
    totalBytes += blobs.shard.length;
    const entry: Manifest['items']['index']['lists'][number] = {
      count: rows.length,
      shard: await sink(blobs.shard),
      metadata: await sink(encodeMetadata(listMetadata(attrs, rows))),
    };
    if (blobs.rerank !== undefined) entry.rerank = await sink(blobs.rerank);
    lists.push(entry);
    onProgress?.('lists', j + 1, ivf.lists.length);
  }

  onProgress?.('by-id shards', 0, 1);
  const itemShards = config.itemShards || autoShardCount(items.rows, dim, idBytes, shardBytes);
  const byId = await putHashShards(model.itemIds, items, itemShards, sink);
  const usersIndexed = model.userIds.reduce((n, _id, r) => n + (withVector(r) ? 1 : 0), 0);
  const userShards =
    config.userShards || autoShardCount(usersIndexed, dim, maxIdBytes(model.userIds), shardBytes);
  const userSharding = await putHashShards(model.userIds, users, userShards, sink, withVector);

  const gramian = await sink(encodeGramian(model.itemFactors, items.rows, dim));
  const fallback = await sink(
    encodeFallback(buildFallback(model.itemIds, attrs, { size: config.fallbackSize })),
  );
  onProgress?.('done', 1, 1);
  return {
    items: {
      count: items.rows,
      byId,
      index: { kind: 'ivf', dtype: config.dtype, centroids, lists, defaultNprobe: nprobe },
    },
    users: { ...userSharding, count: usersIndexed },
    foldIn: { gramian, activityExponent: 0, activityScale: 1, ...options.foldIn },
    fallback,
    stats: {
      lists: ivf.lists.length,
      nprobe,
      calibratedRecall: calibration?.recall ?? null,
      calibratedScanned: calibration?.scanned ?? null,
      calibrationQueries: calibration?.queries ?? 0,
      recallCurve: calibration === null ? [] : curvePoints(calibration),
      splits: ivf.splits,
      kmeansIterations: ivf.kmeansIterations,
      maxListRows,
      largestListRows: ivf.lists.reduce((m, l) => Math.max(m, l.length), 0),
      largestShardBytes: largest,
      meanShardBytes: Math.round(totalBytes / Math.max(1, ivf.lists.length)),
      itemShards,
      userShards,
      usersIndexed,
      kmeansSeconds,
      totalSeconds: (performance.now() - started) / 1000,
    },
  };
}
