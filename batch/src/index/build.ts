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
import { putIdShards } from './id-shards.ts';
import { InFlight, WRITE_CONCURRENCY } from './in-flight.ts';
import { buildIvf } from './ivf.ts';
import type { Matrix } from './kernels.ts';
import { encodeMetadata, listMetadata } from './metadata.ts';
import { PhaseClock, type PhaseTiming } from './phases.ts';
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
  /** The k-means geometry of the lists. */
  metric: string;
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
  /** Wall and CPU seconds per stage: kmeans, calibrate, lists, by-id, extras (phases.ts). */
  phases: PhaseTiming[];
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

/** What the router stage decided: the IVF lists, and the probe count with its measured recall. */
interface Routing {
  ivf: Awaited<ReturnType<typeof buildIvf>>;
  calibration: ReturnType<typeof calibrateNprobe> | null;
  nprobe: number;
  maxListRows: number;
  kmeansSeconds: number;
}

/**
 * Builds and stores every index artifact of `model`, in stages: router (k-means + nprobe
 * calibration) → list shards → by-id shards → fold-in Gramian and fallback lists.
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
  const withVector = nonZeroRow(users);
  const clock = new PhaseClock();
  const routing = await trainRouter(model, items, users, withVector, options, clock);
  const { ivf, calibration, nprobe } = routing;
  const centroids = await sink(
    encodeShard({ ids: ivf.lists.map((_, j) => String(j)), vectors: ivf.centroids.data, dim, dtype: 'f32' }),
  );
  const written = await putLists(model, items, ivf.lists, options, sink);
  clock.end('lists');
  const sharded = await putIdShards(model, items, users, withVector, config, sink, onProgress);
  clock.end('by-id');
  const gramian = await sink(encodeGramian(model.itemFactors, items.rows, dim));
  const fallback = await sink(
    encodeFallback(buildFallback(model.itemIds, attrs, { size: config.fallbackSize })),
  );
  clock.end('extras');
  onProgress?.('done', 1, 1);
  return {
    items: {
      count: items.rows,
      byId: sharded.byId,
      index: { kind: 'ivf', dtype: config.dtype, centroids, lists: written.lists, defaultNprobe: nprobe },
    },
    users: { ...sharded.users, count: sharded.usersIndexed },
    foldIn: { gramian, activityExponent: 0, activityScale: 1, ...options.foldIn },
    fallback,
    stats: {
      lists: ivf.lists.length,
      nprobe,
      metric: ivf.metric,
      calibratedRecall: calibration?.recall ?? null,
      calibratedScanned: calibration?.scanned ?? null,
      calibrationQueries: calibration?.queries ?? 0,
      recallCurve: calibration === null ? [] : curvePoints(calibration),
      splits: ivf.splits,
      kmeansIterations: ivf.kmeansIterations,
      maxListRows: routing.maxListRows,
      largestListRows: ivf.lists.reduce((m, l) => Math.max(m, l.length), 0),
      largestShardBytes: written.largest,
      meanShardBytes: Math.round(written.totalBytes / Math.max(1, ivf.lists.length)),
      itemShards: sharded.byId.shardCount,
      userShards: sharded.users.shardCount,
      usersIndexed: sharded.usersIndexed,
      kmeansSeconds: routing.kmeansSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      phases: clock.phases,
    },
  };
}

/** Router stage: k-means lists capped to one shard each, then nprobe calibrated on user vectors. */
async function trainRouter(
  model: EmbeddingModel,
  items: Matrix,
  users: Matrix,
  withVector: (r: number) => boolean,
  options: BuildIndexOptions,
  clock: PhaseClock,
): Promise<Routing> {
  const { config, onProgress } = options;
  const started = performance.now();
  const shardBytes = config.shardKiB * 1024;
  const maxListRows = maxRowsPerShard(
    shardBytes,
    model.dim,
    config.dtype,
    maxIdBytes(model.itemIds),
    config.rerank,
  );
  const queries = config.nprobe > 0 ? null : sampleQueries(users, withVector, config.seed);
  onProgress?.('kmeans', 0, 1);
  const ivf = await buildIvf(items, {
    nlist: config.nlist,
    maxListRows,
    metric: config.metric,
    iterations: config.kmeansIterations,
    seed: config.seed,
  });
  const kmeansSeconds = (performance.now() - started) / 1000;
  clock.end('kmeans');
  onProgress?.('calibrate nprobe', 0, 1);
  const calibration =
    queries === null || queries.rows === 0
      ? null
      : calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: config.targetRecall });
  // Without user vectors to calibrate on, fall back to a small fixed probe count.
  const nprobe = calibration?.nprobe ?? Math.min(config.nprobe || 8, ivf.lists.length);
  clock.end('calibrate');
  return { ivf, calibration, nprobe, maxListRows, kmeansSeconds };
}

/**
 * List stage: each IVF list's shard, metadata and (optional) f32 rerank copy. Lists are encoded
 * in order and their blobs written `WRITE_CONCURRENCY` at a time; each list's manifest entry
 * lands at its own index, so the result does not depend on which write finishes first.
 */
async function putLists(
  model: EmbeddingModel,
  items: Matrix,
  ivfLists: readonly Int32Array[],
  options: BuildIndexOptions,
  sink: BlobSink,
): Promise<{ lists: Manifest['items']['index']['lists']; largest: number; totalBytes: number }> {
  const { config, attrs, onProgress } = options;
  const lists: Manifest['items']['index']['lists'] = new Array(ivfLists.length);
  const writes = new InFlight(WRITE_CONCURRENCY);
  let largest = 0;
  let totalBytes = 0;
  let done = 0;
  for (let j = 0; j < ivfLists.length; j++) {
    const rows = ivfLists[j] as Int32Array;
    const blobs = encodeList(model.itemIds, items, rows, config.dtype, config.rerank);
    const metadata = encodeMetadata(listMetadata(attrs, rows));
    largest = Math.max(largest, blobs.shard.length, blobs.rerank?.length ?? 0);
    totalBytes += blobs.shard.length;
    await writes.run(async () => {
      const [shard, meta, rerank] = await Promise.all([
        sink(blobs.shard),
        sink(metadata),
        blobs.rerank === undefined ? undefined : sink(blobs.rerank),
      ]);
      lists[j] =
        rerank === undefined
          ? { count: rows.length, shard, metadata: meta }
          : { count: rows.length, shard, metadata: meta, rerank };
      onProgress?.('lists', ++done, ivfLists.length);
    });
  }
  await writes.drain();
  return { lists, largest, totalBytes };
}
