/**
 * Publishes a `TrainedRun` to a model store, in three stages: quality gate against the live
 * version → index build straight into a publish session (blobs, manifest, pointer flip) →
 * retention. Shared by `vitrine publish` and `vitrine pipeline`.
 *
 * To put something new in the manifest, extend `manifestModel` / the body `indexAndPublish`
 * returns; to add a stage, add a function here and call it from `publishModel` in order.
 */
import type { BlobRef, IndexConfig, Manifest, PublishConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { publishItemCards } from '../data/catalogue-details.ts';
import { publishCatalogueTree } from '../data/catalogue-publish.ts';
import type { IndexStats } from '../index/build.ts';
import { indexRun } from '../jobs/build-index.ts';
import type { TrainedRun } from '../jobs/trained-run.ts';
import type { JobContext } from '../observe/index.ts';
import type { BlobWriteStats } from '../publish/blobs.ts';
import { checkGate, type GateDecision } from '../publish/gate.ts';
import { liveForPublish } from '../publish/live-state.ts';
import { type ManifestBody, type PublishResult, publish } from '../publish/publish.ts';
import { applyRetention, type RetentionResult } from '../publish/retention.ts';

export interface PublishModelOptions {
  /** The trained run (from training in this process, or `readTrainedRun`). */
  run: TrainedRun;
  /** Model store the edge reads. */
  store: BlobStore;
  index: IndexConfig;
  publish: PublishConfig;
  /** Extra provenance recorded in the manifest's `model.config` (data URI, watermark…). */
  provenance?: Record<string, unknown>;
  version?: string;
  /** More manifest sections (generator, creatives…), written inside the same publish session. */
  sections?: (putBlob: (bytes: Uint8Array) => Promise<BlobRef>) => Promise<Partial<ManifestBody>>;
}

export interface PublishModelSummary {
  published: boolean;
  version: string | null;
  previousVersion: string | null;
  gate: GateDecision;
  index: IndexStats | null;
  blobs: BlobWriteStats | null;
  manifestBytes: number | null;
  retention: RetentionResult | { error: string } | null;
}

/**
 * Gates, indexes and publishes the run; returns `published: false` (not an error) when the gate
 * refuses, so the caller decides the exit code.
 *
 * @example
 * const summary = await publishModel({ run: await readTrainedRun(runStore), store, index, publish }, ctx);
 */
export async function publishModel(
  options: PublishModelOptions,
  ctx: JobContext,
): Promise<PublishModelSummary> {
  const { gate, previousVersion } = await gateStage(options, ctx);
  if (!gate.passed && !gate.forced) {
    const none = { version: null, index: null, blobs: null, manifestBytes: null, retention: null };
    return { published: false, previousVersion, gate, ...none };
  }
  const { result, stats } = await indexAndPublish(options, ctx);
  const retention = await retentionStage(options.store, options.publish, ctx);
  return {
    published: true,
    version: result.version,
    previousVersion,
    gate,
    index: stats,
    blobs: result.blobs,
    manifestBytes: result.manifestBytes,
    retention,
  };
}

/** The run's primary model's metrics: what the gate compares and the manifest records. */
const candidateMetrics = (run: TrainedRun): Record<string, number> =>
  run.metrics.models[run.metrics.primary] ?? {};

/** Stage 1: compares the candidate with the live version (a refusal is logged as a warning). */
async function gateStage(
  options: PublishModelOptions,
  ctx: JobContext,
): Promise<{ gate: GateDecision; previousVersion: string | null }> {
  const live = await liveForPublish(options.store, { force: options.publish.force, warn: ctx.log.warn });
  const gate = checkGate({
    metric: options.publish.gateMetric,
    margin: options.publish.gateMargin,
    candidate: candidateMetrics(options.run),
    baseline: options.run.metrics.models.popularity,
    live: live?.manifest ?? null,
    force: options.publish.force,
  });
  (gate.passed ? ctx.log.info : ctx.log.warn)('publish.gate', { ...gate });
  return { gate, previousVersion: live?.manifest.version ?? null };
}

/** Stage 2: builds the index into a publish session, which writes the manifest and flips the pointer. */
async function indexAndPublish(
  options: PublishModelOptions,
  ctx: JobContext,
): Promise<{ result: PublishResult; stats: IndexStats | null }> {
  let stats: IndexStats | null = null;
  const result = await publish(
    options.store,
    async (putBlob) => {
      const art = await indexRun(options.run, putBlob, options.index, ctx, 'index + publish');
      stats = art.stats;
      const { items, users, foldIn, fallback } = art;
      const { categories, cards } = options.run;
      const catalogue = await publishCatalogueTree(categories, putBlob, options.run.catalogue);
      const itemCards = cards === undefined ? undefined : await publishItemCards(cards, putBlob);
      const sections = (await options.sections?.(putBlob)) ?? {};
      const body = { ...sections, model: manifestModel(options), items, users, foldIn, fallback, catalogue };
      return itemCards === undefined ? body : { ...body, itemCards };
    },
    options.version === undefined ? {} : { version: options.version },
  );
  ctx.log.info('publish.done', {
    version: result.version,
    manifestBytes: result.manifestBytes,
    ...result.blobs,
  });
  return { result, stats };
}

/** The manifest's `model` section: what was trained, how, on what, and how well. */
function manifestModel(options: PublishModelOptions): Manifest['model'] {
  const { model, metrics } = options.run;
  return {
    kind: 'mf',
    algorithm: model.config.algorithm,
    dim: model.dim,
    backend: metrics.training.backend,
    config: { mf: model.config, eval: metrics.eval, index: options.index, ...options.provenance },
    metrics: candidateMetrics(options.run),
    data: { users: metrics.data.users, items: model.itemIds.length, interactions: metrics.data.interactions },
  };
}

/** Stage 3: deletes versions past the retention policy; a failure is logged, not thrown. */
async function retentionStage(
  store: BlobStore,
  config: PublishConfig,
  ctx: JobContext,
): Promise<RetentionResult | { error: string }> {
  try {
    const retention = await applyRetention(store, { keep: config.retention });
    ctx.log.info('publish.retention', { ...retention });
    return retention;
  } catch (error) {
    // The new version is live; a failed clean-up is retried by the next run.
    const failed = { error: String(error instanceof Error ? error.message : error) };
    ctx.log.warn('publish.retention_failed', failed);
    return failed;
  }
}
