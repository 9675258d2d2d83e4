/**
 * `runPipeline`: load → train → evaluate → gate → index → publish, as one library call used by
 * `vitrine pipeline`, the demo and the edge tests (which need artifacts from the real batch
 * code). The steps are the stages in stages.ts; this file resolves the options into a
 * `PipelineRun`, runs the stages and summarises the run.
 *
 * Events: with edge events as data, every run trains on the whole event history (MF needs it)
 * and records in `state/pipeline.json` of the model store the largest event key it consumed, so
 * the summary says how many files are new and `skipUnchanged` can skip a run with none. The
 * state is written only after a successful publish: events behind a refused model stay "new".
 */
import { EvalConfig, IndexConfig, LoadConfig, MfConfig, PublishConfig } from '#shared/schemas';
import { type JobContext, quietContext } from '../observe/index.ts';
import { type PrivacySummary, privacySummary } from '../privacy/step.ts';
import { openStore } from '../storage/open.ts';
import type { CreativeStageSummary } from './creative-stage.ts';
import { type EventsSnapshot, redactUri, resolveFormat } from './inputs.ts';
import type { PublishModelSummary } from './publish-model.ts';
import { type PipelineOptions, type PipelineRun, type PipelineStage, runStages } from './stage.ts';
import { PIPELINE_STAGES } from './stages.ts';

export type { PipelineOptions } from './stage.ts';

export interface PipelineSummary extends Omit<PublishModelSummary, 'gate'> {
  status: 'published' | 'refused' | 'skipped';
  gate: PublishModelSummary['gate'] | null;
  store: string;
  data: { uri: string; format: string; users: number; items: number; interactions: number } | null;
  events: EventsSnapshot | null;
  metrics: Record<string, Record<string, number>>;
  /** Deletion requests and event retention (null when the run stopped before them). */
  privacy: PrivacySummary | null;
  /** Generator, library and brand kit of the version (null when the run stopped before them). */
  creatives: CreativeStageSummary | null;
  /** `train`: up to the end of training; `publish`: after it; `stages`: each stage that ran. */
  seconds: { train: number; publish: number; total: number; stages: Record<string, number> };
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
  ctx: JobContext = quietContext(),
  stages: readonly PipelineStage[] = PIPELINE_STAGES,
): Promise<PipelineSummary> {
  const run = await openRun(options, ctx);
  await runStages(stages, run);
  return summarise(run);
}

/** Resolves the options: the model store, the data format, every config with its defaults. */
async function openRun(options: PipelineOptions, ctx: JobContext): Promise<PipelineRun> {
  const started = performance.now();
  const store =
    typeof options.store === 'object' ? options.store : openStore(options.store ?? 'file://.vitrine/store');
  return {
    options,
    ctx,
    store,
    format: await resolveFormat(options.data, options.format ?? 'auto'),
    dataUri: redactUri(options.data),
    config: {
      mf: MfConfig.parse(options.mf ?? {}),
      eval: EvalConfig.parse(options.eval ?? {}),
      index: IndexConfig.parse(options.index ?? {}),
      publish: PublishConfig.parse(options.publish ?? {}),
      load: LoadConfig.parse(options.load ?? {}),
    },
    started,
    state: null,
    events: null,
    skipped: null,
    privacy: null,
    privacyDone: null,
    inputs: null,
    trained: null,
    trainedAt: null,
    published: null,
    creatives: null,
    segments: null,
    stageSeconds: {},
  };
}

const NOT_PUBLISHED = {
  published: false,
  version: null,
  previousVersion: null,
  gate: null,
  index: null,
  blobs: null,
  manifestBytes: null,
  retention: null,
} as const;

/** The JSON summary of a finished (or stopped) run. */
function summarise(run: PipelineRun): PipelineSummary {
  const done = performance.now();
  const trainedAt = run.trainedAt ?? done;
  const result = run.published;
  const metrics = run.trained?.metrics;
  return {
    status: result === null ? 'skipped' : result.published ? 'published' : 'refused',
    ...(result ?? NOT_PUBLISHED),
    store: redactUri(run.store.uri),
    data:
      metrics === undefined
        ? null
        : {
            uri: run.dataUri,
            format: run.format,
            users: metrics.data.users,
            items: metrics.data.items,
            interactions: metrics.data.interactions,
          },
    events: run.events,
    privacy: run.privacyDone ?? (run.privacy === null ? null : privacySummary(run.privacy)),
    creatives: run.creatives?.summary ?? null,
    metrics: metrics?.models ?? {},
    seconds: {
      train: run.trainedAt === null ? 0 : (trainedAt - run.started) / 1000,
      publish: run.trainedAt === null ? 0 : (done - trainedAt) / 1000,
      total: (done - run.started) / 1000,
      stages: run.stageSeconds,
    },
  };
}
