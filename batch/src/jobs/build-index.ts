/**
 * The `vitrine index` job, and the index step of publishing: a `TrainedRun` turned into the IVF
 * index, shards and manifest sections (batch/src/index does the work; this wires the run's item
 * rows, fold-in constants and progress into it).
 */
import type { IndexConfig } from '#shared/schemas';
import { type BlobStore, MemoryStore } from '#shared/storage';
import { attributesFromItemRows } from '../index/attributes.ts';
import { type BlobSink, buildIndex, type IndexArtifacts, type IndexStats } from '../index/build.ts';
import { foldInConstants } from '../models/mf/model.ts';
import type { JobContext } from '../observe/index.ts';
import { BlobWriter, type BlobWriteStats } from '../publish/blobs.ts';
import type { TrainedRun } from './trained-run.ts';

/** Key of the manifest sections `indexJob` keeps next to the blobs. */
export const INDEX_SECTIONS_KEY = 'index.json';

/**
 * Builds the index of `run`, handing each blob to `sink`, with a progress bar named `label`.
 *
 * @example
 * const art = await indexRun(run, (b) => writer.put(b), IndexConfig.parse({}), ctx, 'index');
 */
export async function indexRun(
  run: TrainedRun,
  sink: BlobSink,
  config: IndexConfig,
  ctx: JobContext,
  label: string,
): Promise<IndexArtifacts> {
  const { model } = run;
  const attrs = attributesFromItemRows(model.itemIds, run.items);
  if (attrs.uncategorised > 0)
    ctx.log.warn('index.uncategorised_items', {
      items: attrs.uncategorised,
      missingFromCatalogue: attrs.missingFromCatalogue,
      note: 'these items pass no category filter',
    });
  // Stages report their own done/total; the bar shows the current stage's share in percent.
  const bar = ctx.progress(label, 100);
  const art = await buildIndex(model, sink, {
    config,
    attrs,
    foldIn: foldInConstants(model.config, model.activityScale),
    onProgress: (stage, done, total) => bar.update(Math.floor((100 * done) / Math.max(1, total)), stage),
  });
  bar.finish();
  return art;
}

export interface IndexJobOptions {
  run: TrainedRun;
  index: IndexConfig;
  /** Keeps the blobs and the manifest sections (index.json) here; none: measure only. */
  out?: BlobStore | undefined;
}

export interface IndexJobResult {
  stats: IndexStats;
  blobs: BlobWriteStats;
}

/**
 * Builds the index of a run without publishing it (for tuning nlist, dtype, shard size).
 *
 * @example
 * const { stats } = await indexJob({ run: await readTrainedRun(store), index: IndexConfig.parse({}) }, ctx);
 */
export async function indexJob(options: IndexJobOptions, ctx: JobContext): Promise<IndexJobResult> {
  const writer = new BlobWriter(options.out ?? new MemoryStore('index'));
  const art = await indexRun(options.run, (b) => writer.put(b), options.index, ctx, 'index');
  if (options.out !== undefined) {
    const { stats: _stats, ...sections } = art;
    await options.out.put(INDEX_SECTIONS_KEY, new TextEncoder().encode(JSON.stringify(sections)), {
      contentType: 'application/json',
    });
  }
  return { stats: art.stats, blobs: writer.stats };
}
