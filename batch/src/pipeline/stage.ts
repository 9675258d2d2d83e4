/**
 * The pipeline's moving parts: the options it takes, the `PipelineRun` its stages read and fill
 * in, and the loop that runs the stages in order with a log line and a timing per stage.
 *
 * A stage is `{ name, run(run) }`; it reads what earlier stages left on the run (`need` says
 * which, and fails loudly when a stage was left out), writes its own result, and returns 'stop'
 * to end the run early (e.g. nothing new to train on). The list itself is in stages.ts.
 */
import type {
  CreativeLoopConfig,
  EvalConfig,
  IndexConfig,
  LoadConfig,
  MfConfig,
  PipelineState,
  PublishConfig,
  SegmentTable,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { InteractionFormat } from '../jobs/inputs.ts';
import type { TrainingInputs } from '../jobs/train-mf.ts';
import type { TrainedRun } from '../jobs/trained-run.ts';
import type { JobContext } from '../observe/index.ts';
import type { PrivacyPlan, PrivacySummary } from '../privacy/step.ts';
import type { CreativeStageResult } from './creative-stage.ts';
import type { DataFormat, EventsSnapshot } from './inputs.ts';
import type { PublishModelSummary } from './publish-model.ts';
import type { SegmentMethod } from './segments-stage.ts';

export interface PipelineOptions {
  /** Interactions: a CSV / MovieLens ratings.csv URI, or the store (or prefix/) holding events/. */
  data: string;
  format?: DataFormat;
  catalogue?: string | undefined;
  /** Model store the edge reads (default file://.vitrine/store). */
  store?: string | BlobStore;
  /** Store URI where the trained run is kept (model/, items.jsonl, metrics.json); default: not kept. */
  work?: string | undefined;
  binary?: boolean;
  evalUsers?: number;
  /** Skip when the data is events and no event file arrived since the last published run. */
  skipUnchanged?: boolean;
  /** Delete event partitions older than this many days and train on nothing older. */
  retainDays?: number | undefined;
  version?: string | undefined;
  mf?: Partial<MfConfig>;
  eval?: Partial<EvalConfig>;
  index?: Partial<IndexConfig>;
  publish?: Partial<PublishConfig>;
  /** Bad-row limits of the loaders. */
  load?: Partial<LoadConfig>;
  /** Generator, library, brand kit (creative-stage.ts); absent: the creative sections stay as live. */
  creatives?: Partial<CreativeLoopConfig>;
  /** How segment vectors are built (segments-stage.ts; default fold_in). */
  segments?: SegmentMethod | undefined;
}

/** One pipeline run: fixed inputs first, then what each stage has produced so far. */
export interface PipelineRun {
  readonly options: PipelineOptions;
  readonly ctx: JobContext;
  /** The model store. */
  readonly store: BlobStore;
  readonly format: InteractionFormat;
  /** `options.data` without credentials: what state, manifests and logs record. */
  readonly dataUri: string;
  readonly config: {
    mf: MfConfig;
    eval: EvalConfig;
    index: IndexConfig;
    publish: PublishConfig;
    load: LoadConfig;
  };
  /** performance.now() when the run started. */
  readonly started: number;
  /** What the last published run recorded (state stage). */
  state: PipelineState | null;
  /** Event files now and since the last run, when the data is edge events (events stage). */
  events: EventsSnapshot | null;
  /** Set by a stage that ends the run early, with the reason. */
  skipped: string | null;
  /** Pending deletions and retention: what training must exclude (privacy stage). */
  privacy: PrivacyPlan | null;
  /** What the privacy steps did, once the run is over (privacy-apply stage). */
  privacyDone: PrivacySummary | null;
  inputs: TrainingInputs | null;
  trained: TrainedRun | null;
  /** performance.now() when training finished (train stage). */
  trainedAt: number | null;
  published: PublishModelSummary | null;
  /** This version's creative sections, staged (creatives stage). */
  creatives: CreativeStageResult | null;
  /** Segment vectors for the manifest (segments stage); null: no section. */
  segments: SegmentTable | null;
  /** Seconds per stage that ran, in order. */
  stageSeconds: Record<string, number>;
}

export interface PipelineStage {
  /** Lowercase with dashes; names the stage in logs and `seconds.stages`. */
  readonly name: string;
  run(run: PipelineRun): Promise<'stop' | undefined>;
}

/**
 * What an earlier stage must have produced; a missing value means the stage list is wrong
 * (a programmer error, so it throws a plain Error).
 *
 * @example
 * const trained = need(run, 'trained', 'publish');
 */
export function need<K extends keyof PipelineRun>(
  run: PipelineRun,
  key: K,
  stage: string,
): NonNullable<PipelineRun[K]> {
  const value = run[key];
  if (value === null || value === undefined) throw new Error(`pipeline stage ${stage} needs ${String(key)}`);
  return value as NonNullable<PipelineRun[K]>;
}

/**
 * Runs `stages` in order until one returns 'stop'.
 *
 * @example
 * await runStages(PIPELINE_STAGES, run);
 */
export async function runStages(stages: readonly PipelineStage[], run: PipelineRun): Promise<void> {
  for (const stage of stages) {
    const t0 = performance.now();
    const outcome = await stage.run(run);
    const seconds = Math.round(performance.now() - t0) / 1000;
    run.stageSeconds[stage.name] = seconds;
    run.ctx.log.debug('pipeline.stage', { stage: stage.name, seconds });
    if (outcome === 'stop') return;
  }
}
