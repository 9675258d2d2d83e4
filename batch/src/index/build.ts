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
import { sharedRows } from './assign-pool.ts';
import type { ItemAttributes } from './attributes.ts';
import { type CurvePoint, curvePoints } from './calibrate.ts';
import { buildFallback, encodeFallback } from './fallback.ts';
import { encodeGramian, type FoldInConstants } from './foldin.ts';
import { putIdShards } from './id-shards.ts';
import type { Matrix } from './kernels.ts';
import { putLists } from './list-stage.ts';
import { PhaseClock, type PhaseTiming } from './phases.ts';
import { trainRouter } from './router-stage.ts';

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
  /** Wall seconds of the calibration, which overlaps the list and by-id stages. */
  calibrationSeconds: number;
  totalSeconds: number;
  /**
   * Wall and CPU seconds per stage in order: kmeans, lists + by-id (together), extras, and what
   * was left to wait of the calibration (phases.ts).
   */
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
  // Shared memory once, here: the k-means and calibration worker threads then read the rows in
  // place instead of each taking its own copy.
  const items: Matrix = sharedRows({ data: model.itemFactors, rows: model.itemIds.length, dim });
  const users: Matrix = { data: model.userFactors, rows: model.userIds.length, dim };
  const withVector = nonZeroRow(users);
  const clock = new PhaseClock();
  const routing = await trainRouter(model, items, users, withVector, config, onProgress);
  clock.end('kmeans');
  const { ivf } = routing;
  const centroids = await sink(
    encodeShard({ ids: ivf.lists.map((_, j) => String(j)), vectors: ivf.centroids.data, dim, dtype: 'f32' }),
  );
  // Both stages mostly wait on blob writes: run together, each fills the other's waits.
  const [written, sharded] = await Promise.all([
    putLists(model, items, ivf.lists, options, sink),
    putIdShards(model, items, users, withVector, config, sink, onProgress),
  ]);
  clock.end('lists + by-id');
  const gramian = await sink(encodeGramian(model.itemFactors, items.rows, dim));
  const fallback = await sink(
    encodeFallback(buildFallback(model.itemIds, attrs, { size: config.fallbackSize })),
  );
  clock.end('extras');
  onProgress?.('calibrate nprobe', 0, 1);
  const { calibration, seconds: calibrationSeconds } = await routing.calibration;
  // Without user vectors to calibrate on, fall back to a small fixed probe count.
  const nprobe = calibration?.nprobe ?? Math.min(config.nprobe || 8, ivf.lists.length);
  clock.end('calibrate (rest)');
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
      calibrationSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      phases: clock.phases,
    },
  };
}
