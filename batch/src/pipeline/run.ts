/**
 * `runPipeline`: load → train → evaluate → gate → index → publish, as one library call used by
 * `vitrine pipeline`, the demo and the edge tests (which need artifacts from the real batch
 * code). Training and evaluation are `vitrine train`'s job (jobs/train-mf.ts) writing to a work
 * store; gate, index and publish are `publishModel`.
 *
 * Events: with edge events as data, every run trains on the whole event history (MF needs it)
 * and records in `state/pipeline.json` of the model store the largest event key it consumed, so
 * the summary says how many files are new and `skipUnchanged` can skip a run with none. The
 * state is written only after a successful publish: events behind a refused model stay "new".
 */
import { isAppError } from '#shared/errors';
import {
  EvalConfig,
  IndexConfig,
  MfConfig,
  PIPELINE_STATE_KEY,
  PipelineState,
  PublishConfig,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { CommandContext } from '../cli/command.ts';
import { splitUri } from '../jobs/inputs.ts';
import { trainJob } from '../jobs/train-mf.ts';
import { openStore } from '../storage/open.ts';
import { quietContext } from './context.ts';
import { type DataFormat, type EventsSnapshot, eventsSince, redactUri, resolveFormat } from './inputs.ts';
import { type PublishModelSummary, publishModel } from './publish-model.ts';

export interface PipelineOptions {
  /** Interactions: a CSV / MovieLens ratings.csv URI, or the store (or prefix/) holding events/. */
  data: string;
  format?: DataFormat;
  catalogue?: string | undefined;
  /** Model store the edge reads (default file://.vitrine/store). */
  store?: string | BlobStore;
  /** Where the training run is written (default: a memory store for this process). */
  work?: string;
  binary?: boolean;
  evalUsers?: number;
  /** Skip when the data is events and no event file arrived since the last published run. */
  skipUnchanged?: boolean;
  version?: string;
  mf?: Partial<MfConfig>;
  eval?: Partial<EvalConfig>;
  index?: Partial<IndexConfig>;
  publish?: Partial<PublishConfig>;
}

export interface PipelineSummary extends Omit<PublishModelSummary, 'gate'> {
  status: 'published' | 'refused' | 'skipped';
  gate: PublishModelSummary['gate'] | null;
  store: string;
  data: { uri: string; format: string; users: number; items: number; interactions: number } | null;
  events: EventsSnapshot | null;
  metrics: Record<string, Record<string, number>>;
  seconds: { train: number; publish: number; total: number };
}

async function readState(store: BlobStore): Promise<PipelineState | null> {
  try {
    const parsed = PipelineState.safeParse(
      JSON.parse(new TextDecoder().decode(await store.get(PIPELINE_STATE_KEY))),
    );
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') return null;
    if (error instanceof SyntaxError) return null; // a damaged state file only resets the watermark
    throw error;
  }
}

/**
 * Runs the whole pipeline and returns its JSON summary (never throws for a gate refusal:
 * `status: 'refused'`).
 *
 * @example
 * const summary = await runPipeline({ data: 'file://.vitrine/shop', store: 'file://.vitrine/store' });
 * if (summary.status === 'published') console.log(summary.version);
 */
export async function runPipeline(
  options: PipelineOptions,
  ctx: CommandContext = quietContext(),
): Promise<PipelineSummary> {
  const started = performance.now();
  const store =
    typeof options.store === 'object' ? options.store : openStore(options.store ?? 'file://.vitrine/store');
  const format = await resolveFormat(options.data, options.format ?? 'auto');
  const mf = MfConfig.parse(options.mf ?? {});
  const evalConfig = EvalConfig.parse(options.eval ?? {});
  const index = IndexConfig.parse(options.index ?? {});
  const publishConfig = PublishConfig.parse(options.publish ?? {});
  const dataUri = redactUri(options.data);
  const state = await readState(store);
  let events: EventsSnapshot | null = null;
  if (format === 'events') {
    const prefixed = options.data.endsWith('/') ? splitUri(options.data) : null;
    const eventStore = openStore(prefixed?.storeUri ?? options.data);
    const watermark = state !== null && state.dataUri === dataUri ? state.eventsWatermark : null;
    events = await eventsSince(eventStore, prefixed?.key ?? 'events/', watermark);
    ctx.log.info('pipeline.events', { ...events });
  }
  const base = {
    store: redactUri(store.uri),
    events,
    metrics: {},
    gate: null,
    version: null,
    previousVersion: null,
    index: null,
    blobs: null,
    manifestBytes: null,
    retention: null,
  };
  if (options.skipUnchanged && events !== null && events.newFiles === 0 && state?.lastVersion) {
    ctx.log.info('pipeline.skipped', { reason: 'no new event files', live: state.lastVersion });
    return {
      ...base,
      status: 'skipped',
      published: false,
      data: null,
      seconds: { train: 0, publish: 0, total: (performance.now() - started) / 1000 },
    };
  }

  const work =
    options.work ?? `mem://pipeline-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const metrics = await trainJob(
    {
      data: options.data,
      format,
      catalogue: options.catalogue,
      out: work,
      binary: options.binary ?? false,
      refit: true,
      evaluate: true,
      evalUsers: options.evalUsers ?? 0,
      mf,
      eval: evalConfig,
    },
    ctx,
  );
  const trained = performance.now();
  const provenance = {
    data: { uri: dataUri, format },
    ...(events === null ? {} : { events: { files: events.files, watermark: events.watermark } }),
  };
  const runStore = openStore(work);
  let result: PublishModelSummary;
  try {
    result = await publishModel(
      {
        run: runStore,
        store,
        index,
        publish: publishConfig,
        provenance,
        ...(options.version === undefined ? {} : { version: options.version }),
      },
      ctx,
    );
  } finally {
    // The default work store lives in this process's memory: free it (a given one is kept).
    if (options.work === undefined) for (const { key } of await runStore.list('')) await runStore.delete(key);
  }
  if (result.published) {
    const next: PipelineState = {
      dataUri,
      eventsWatermark: events?.watermark ?? null,
      eventFiles: events?.files ?? 0,
      lastRunEventFiles: events?.newFiles ?? 0,
      lastVersion: result.version,
      updatedAt: new Date().toISOString(),
    };
    await store.put(PIPELINE_STATE_KEY, new TextEncoder().encode(JSON.stringify(next)), {
      contentType: 'application/json',
    });
  }
  const done = performance.now();
  return {
    status: result.published ? 'published' : 'refused',
    ...result,
    store: base.store,
    data: {
      uri: dataUri,
      format,
      users: metrics.data.users,
      items: metrics.data.items,
      interactions: metrics.data.interactions,
    },
    events,
    metrics: metrics.models,
    seconds: {
      train: (trained - started) / 1000,
      publish: (done - trained) / 1000,
      total: (done - started) / 1000,
    },
  };
}
