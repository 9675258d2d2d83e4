/**
 * The stages of `vitrine pipeline`, in order. To add one (deletions, a live-state check, another
 * artifact to publish), write a `PipelineStage` in a file of its own, put what it produces on
 * `PipelineRun` (stage.ts), and insert it into `PIPELINE_STAGES` where its inputs exist.
 */
import { splitUri } from '../jobs/inputs.ts';
import { loadTrainingInputs, trainRun } from '../jobs/train-mf.ts';
import { writeTrainedRun } from '../jobs/trained-run.ts';
import { openStore } from '../storage/open.ts';
import { publishedCatalogueStage } from './catalogue-source.ts';
import { creativeStage } from './creative-stage.ts';
import { eventsSince } from './inputs.ts';
import { onlineMetricsStage } from './metrics-stage.ts';
import { privacyApplyStage, privacyFilterStage, privacyStage } from './privacy-stages.ts';
import { publishModel } from './publish-model.ts';
import { SEGMENT_MIN_USERS, segmentsSection, segmentsStage } from './segments-stage.ts';
import { need, type PipelineStage } from './stage.ts';
import { readPipelineState, writePipelineState } from './state.ts';

/** What the last published run recorded. */
export const readStateStage: PipelineStage = {
  name: 'state',
  async run(run) {
    run.state = await readPipelineState(run.store);
    return undefined;
  },
};

/** With edge events as data: which event files exist, and which arrived since the last run. */
export const eventsStage: PipelineStage = {
  name: 'events',
  async run(run) {
    if (run.format !== 'events') return undefined;
    const { data } = run.options;
    const prefixed = data.endsWith('/') ? splitUri(data) : null;
    const eventStore = openStore(prefixed?.storeUri ?? data);
    const watermark =
      run.state !== null && run.state.dataUri === run.dataUri ? run.state.eventsWatermark : null;
    run.events = await eventsSince(eventStore, prefixed?.key ?? 'events/', watermark);
    run.ctx.log.info('pipeline.events', { ...run.events });
    return undefined;
  },
};

/** `skipUnchanged`: stops when no event file arrived since the last published run. */
export const skipUnchangedStage: PipelineStage = {
  name: 'skip-unchanged',
  async run(run) {
    const live = run.state?.lastVersion;
    if (!run.options.skipUnchanged || run.events === null || run.events.newFiles > 0 || !live)
      return undefined;
    if ((run.privacy?.pending.length ?? 0) > 0) return undefined; // deletions are work to do
    run.skipped = 'no new event files';
    run.ctx.log.info('pipeline.skipped', { reason: run.skipped, live });
    return 'stop';
  },
};

/** Interactions (and the catalogue) from the data URIs. */
export const loadStage: PipelineStage = {
  name: 'load',
  async run(run) {
    const { data, catalogue, binary } = run.options;
    run.inputs = await loadTrainingInputs(
      { data, format: run.format, catalogue, binary: binary ?? false, load: run.config.load },
      run.ctx,
    );
    return undefined;
  },
};

/** iALS: evaluated on a hold-out beside popularity, then refitted on everything. */
export const trainStage: PipelineStage = {
  name: 'train',
  async run(run) {
    const recipe = { refit: true, evaluate: true, evalUsers: run.options.evalUsers ?? 0, ...run.config };
    run.trained = await trainRun(need(run, 'inputs', 'train'), recipe, run.ctx);
    run.inputs = null; // the interactions are the largest thing alive; publishing needs only the run
    run.trainedAt = performance.now();
    return undefined;
  },
};

/** `work`: keeps the trained run in a store for `vitrine index` / `vitrine publish`. */
export const keepRunStage: PipelineStage = {
  name: 'keep-run',
  async run(run) {
    if (run.options.work !== undefined)
      await writeTrainedRun(openStore(run.options.work), need(run, 'trained', 'keep-run'));
    return undefined;
  },
};

/** Quality gate → index → publish → retention (publish-model.ts). */
export const publishStage: PipelineStage = {
  name: 'publish',
  async run(run) {
    const { events } = run;
    const provenance = {
      data: { uri: run.dataUri, format: run.format },
      ...(events === null ? {} : { events: { files: events.files, watermark: events.watermark } }),
    };
    const { version } = run.options;
    run.published = await publishModel(
      {
        run: need(run, 'trained', 'publish'),
        store: run.store,
        index: run.config.index,
        publish: run.config.publish,
        provenance,
        ...(version === undefined ? {} : { version }),
        sections: async (putBlob) => ({
          ...(await run.creatives?.write(putBlob)),
          ...(run.segments === null ? {} : await segmentsSection(run.segments, SEGMENT_MIN_USERS, putBlob)),
        }),
      },
      run.ctx,
    );
    return undefined;
  },
};

/**
 * After a publish, records the events watermark; events behind a refused model stay "new", so
 * the next run still counts them.
 */
export const recordStateStage: PipelineStage = {
  name: 'record-state',
  async run(run) {
    const result = need(run, 'published', 'record-state');
    if (!result.published) return undefined;
    await writePipelineState(run.store, {
      dataUri: run.dataUri,
      eventsWatermark: run.events?.watermark ?? null,
      eventFiles: run.events?.files ?? 0,
      lastRunEventFiles: run.events?.newFiles ?? 0,
      lastVersion: result.version,
      updatedAt: new Date().toISOString(),
    });
    return undefined;
  },
};

export const PIPELINE_STAGES: readonly PipelineStage[] = [
  readStateStage,
  privacyStage,
  eventsStage,
  onlineMetricsStage,
  skipUnchangedStage,
  loadStage,
  publishedCatalogueStage,
  privacyFilterStage,
  trainStage,
  keepRunStage,
  segmentsStage,
  creativeStage,
  publishStage,
  privacyApplyStage,
  recordStateStage,
];
