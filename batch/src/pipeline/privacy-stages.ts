/**
 * The pipeline stages of batch/src/privacy (user deletion, event retention), around training:
 * `privacy` before the events are listed (it erases and expires event files), `privacy-filter`
 * right after loading, `privacy-apply` after a successful publish.
 */
import { completePrivacy, preparePrivacy, privacyFilter } from '../privacy/step.ts';
import { need, type PipelineStage } from './stage.ts';

/** Pending deletion requests and --retain-days: erase and expire in the data store. */
export const privacyStage: PipelineStage = {
  name: 'privacy',
  async run(run) {
    const { data, retainDays } = run.options;
    run.privacy = await preparePrivacy({ data, events: run.format === 'events', retainDays }, run.ctx.log);
    return undefined;
  },
};

/** Suppressed users and rows past the retention cut-off leave the interactions. */
export const privacyFilterStage: PipelineStage = {
  name: 'privacy-filter',
  async run(run) {
    const inputs = need(run, 'inputs', 'privacy-filter');
    inputs.interactions = privacyFilter(
      need(run, 'privacy', 'privacy-filter'),
      run.ctx.log,
    )(inputs.interactions);
    return undefined;
  },
};

/** Once a version trained without them is live: expire kept versions holding them, retire the requests. */
export const privacyApplyStage: PipelineStage = {
  name: 'privacy-apply',
  async run(run) {
    const result = need(run, 'published', 'privacy-apply');
    if (!result.published || result.version === null) return undefined;
    run.privacyDone = await completePrivacy(
      need(run, 'privacy', 'privacy-filter'),
      run.store,
      result.version,
      run.ctx.log,
    );
    return undefined;
  },
};
