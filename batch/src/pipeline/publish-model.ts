/**
 * Publishes a trained model directory (what `vitrine train --out` writes: model/, items.jsonl,
 * metrics.json) to a model store: quality gate against the live version → index build straight
 * into a publish session → manifest → pointer flip → retention. Shared by `vitrine publish` and
 * `vitrine pipeline`.
 */
import { AppError, isAppError } from '#shared/errors';
import { type IndexConfig, ItemMetadataRow, type PublishConfig, TrainingMetrics } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { CommandContext } from '../cli/command.ts';
import { attributesFromItemRows } from '../index/attributes.ts';
import { buildIndex, type IndexStats } from '../index/build.ts';
import { foldInConstants, loadModel } from '../models/mf/model.ts';
import type { BlobWriteStats } from '../publish/blobs.ts';
import { checkGate, type GateDecision } from '../publish/gate.ts';
import { publish } from '../publish/publish.ts';
import { readCurrent } from '../publish/read.ts';
import { applyRetention, type RetentionResult } from '../publish/retention.ts';

export interface PublishModelOptions {
  /** Store holding the trained run (model/, items.jsonl, metrics.json). */
  run: BlobStore;
  /** Model store the edge reads. */
  store: BlobStore;
  index: IndexConfig;
  publish: PublishConfig;
  /** Extra provenance recorded in the manifest's `model.config` (data URI, watermark…). */
  provenance?: Record<string, unknown>;
  version?: string;
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

const decoder = new TextDecoder();

async function readItemRows(run: BlobStore): Promise<ItemMetadataRow[]> {
  const text = decoder.decode(await run.get('items.jsonl'));
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, n) => {
      const row = ItemMetadataRow.safeParse(JSON.parse(line));
      if (!row.success)
        throw new AppError('corrupt', `items.jsonl line ${n + 1}: ${row.error.issues[0]?.message}`, {
          key: 'items.jsonl',
        });
      return row.data;
    });
}

/** The live manifest, or null when there is none — or when it is unreadable (logged). */
async function liveManifest(store: BlobStore, ctx: CommandContext) {
  try {
    return await readCurrent(store);
  } catch (error) {
    if (!isAppError(error) || error.kind !== 'corrupt') throw error;
    ctx.log.warn('publish.live_unreadable', { error: error.message });
    return null;
  }
}

/**
 * Gates, indexes and publishes the run; returns `published: false` (not an error) when the gate
 * refuses, so the caller decides the exit code.
 *
 * @example
 * const summary = await publishModel({ run: openStore('file://.vitrine/run'), store, index, publish }, ctx);
 */
export async function publishModel(
  options: PublishModelOptions,
  ctx: CommandContext,
): Promise<PublishModelSummary> {
  const { run, store } = options;
  const metrics = TrainingMetrics.parse(JSON.parse(decoder.decode(await run.get('metrics.json'))));
  const candidate = metrics.models[metrics.primary] ?? {};
  const live = await liveManifest(store, ctx);
  const gate = checkGate({
    metric: options.publish.gateMetric,
    margin: options.publish.gateMargin,
    candidate,
    live: live?.manifest ?? null,
    force: options.publish.force,
  });
  const previousVersion = live?.manifest.version ?? null;
  (gate.passed ? ctx.log.info : ctx.log.warn)('publish.gate', { ...gate });
  const refused = {
    published: false,
    version: null,
    previousVersion,
    gate,
    index: null,
    blobs: null,
    manifestBytes: null,
    retention: null,
  };
  if (!gate.passed && !gate.forced) return refused;

  const model = await loadModel(run, 'model');
  const attrs = attributesFromItemRows(model.itemIds, await readItemRows(run));
  if (attrs.missingFromCatalogue > 0)
    ctx.log.info('index.placeholder_categories', { items: attrs.missingFromCatalogue });
  let stats: IndexStats | null = null;
  const bar = ctx.progress('index + publish', 1);
  const result = await publish(
    store,
    async (putBlob) => {
      const art = await buildIndex(model, putBlob, {
        config: options.index,
        attrs,
        foldIn: foldInConstants(model),
        onProgress: (stage, done, total) => bar.update(done / total, stage),
      });
      stats = art.stats;
      return {
        model: {
          kind: 'mf',
          algorithm: model.config.algorithm,
          dim: model.dim,
          backend: metrics.training.backend,
          config: { mf: model.config, eval: metrics.eval, index: options.index, ...options.provenance },
          metrics: candidate,
          data: {
            users: metrics.data.users,
            items: model.itemIds.length,
            interactions: metrics.data.interactions,
          },
        },
        items: art.items,
        users: art.users,
        foldIn: art.foldIn,
        fallback: art.fallback,
      };
    },
    options.version === undefined ? {} : { version: options.version },
  );
  bar.finish(result.version);
  ctx.log.info('publish.done', {
    version: result.version,
    manifestBytes: result.manifestBytes,
    ...result.blobs,
  });
  let retention: PublishModelSummary['retention'];
  try {
    retention = await applyRetention(store, { keep: options.publish.retention });
    ctx.log.info('publish.retention', { ...retention });
  } catch (error) {
    // The new version is live; a failed clean-up is retried by the next run.
    retention = { error: String(error instanceof Error ? error.message : error) };
    ctx.log.warn('publish.retention_failed', retention);
  }
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
