/**
 * The online-metrics step of `vitrine pipeline` (batch/src/metrics): with edge events as data,
 * every run reads the impressions, clicks and carts stored so far and files one
 * `reports/online/<runAt>.json` in the model store (CTR, conversion, holdout uplift), which
 * `vitrine report` plots. It runs before the skip check, so a run with no new event files still
 * measures the impressions that arrived. Measuring must never cost a publish: a storage failure
 * here is logged and the pipeline goes on.
 */
import { isIoError } from '#shared/errors';
import { splitUri } from '../jobs/inputs.ts';
import { computeOnlineMetrics, writeOnlineMetrics } from '../metrics/online.ts';
import { openStore } from '../storage/open.ts';
import type { PipelineStage } from './stage.ts';

export const onlineMetricsStage: PipelineStage = {
  name: 'online-metrics',
  async run(run) {
    if (run.format !== 'events') return undefined;
    const { data } = run.options;
    const events = openStore(data.endsWith('/') ? splitUri(data).storeUri : data);
    try {
      const metrics = await computeOnlineMetrics(events, run.store);
      const key = await writeOnlineMetrics(run.store, metrics);
      const overall = metrics.uplift.filter((u) => u.modelVersion === '*');
      run.ctx.log.info('pipeline.online_metrics', {
        key,
        ...metrics.totals,
        uplift: Object.fromEntries(overall.map((u) => [u.metric, { relative: u.relative, ci95: u.ci95 }])),
      });
    } catch (error) {
      if (!isIoError(error)) throw error;
      run.ctx.log.warn('pipeline.online_metrics_failed', { message: error.message });
    }
    return undefined;
  },
};
