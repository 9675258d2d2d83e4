/**
 * Router stage of the index build: k-means lists capped to one shard each, then the nprobe
 * calibration on sampled user vectors — started here and finished whenever the caller awaits
 * it: from `CALIBRATE_OFF_THREAD_FROM` items it runs on a worker thread while the calling
 * thread writes the list shards (both need only the finished partition).
 */
import type { IndexConfig } from '#shared/schemas';
import type { EmbeddingModel } from './build.ts';
import { type Calibration, calibrateNprobe, sampleQueries } from './calibrate.ts';
import { calibrateOffThread } from './calibrate-async.ts';
import { buildIvf } from './ivf.ts';
import type { Matrix } from './kernels.ts';
import { maxIdBytes, maxRowsPerShard } from './quantize.ts';

/** Items from which calibration gets its own thread (below, starting one costs more than it saves). */
export const CALIBRATE_OFF_THREAD_FROM = 200_000;

/** The calibration's result and its own wall time (it overlaps other stages). */
export interface CalibrationRun {
  calibration: Calibration | null;
  seconds: number;
}

/** What the router stage decided: the IVF lists, and the probe count once calibrated. */
export interface Routing {
  ivf: Awaited<ReturnType<typeof buildIvf>>;
  /** Settles with the calibration (null without queries); await it before using `nprobe`. */
  calibration: Promise<CalibrationRun>;
  maxListRows: number;
  kmeansSeconds: number;
}

/**
 * Trains the router and starts the calibration. The returned promise is already guarded against
 * an unhandled rejection; awaiting `calibration` still throws its error.
 *
 * @example
 * const routing = await trainRouter(model, items, users, withVector, config);
 * await putLists(…);
 * const { calibration } = await routing.calibration;
 */
export async function trainRouter(
  model: EmbeddingModel,
  items: Matrix,
  users: Matrix,
  withVector: (r: number) => boolean,
  config: IndexConfig,
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<Routing> {
  const started = performance.now();
  const maxListRows = maxRowsPerShard(
    config.shardKiB * 1024,
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
  const calibration = calibrate(items, ivf, queries, config.targetRecall);
  calibration.catch(() => undefined);
  return { ivf, calibration, maxListRows, kmeansSeconds };
}

async function calibrate(
  items: Matrix,
  ivf: Routing['ivf'],
  queries: Matrix | null,
  targetRecall: number,
): Promise<CalibrationRun> {
  const started = performance.now();
  if (queries === null || queries.rows === 0) return { calibration: null, seconds: 0 };
  const options = { targetRecall };
  const calibration =
    items.rows >= CALIBRATE_OFF_THREAD_FROM
      ? await calibrateOffThread(items, ivf.centroids, ivf.lists, queries, options)
      : calibrateNprobe(items, ivf.centroids, ivf.lists, queries, options);
  return { calibration, seconds: (performance.now() - started) / 1000 };
}
