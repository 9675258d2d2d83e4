/**
 * `buildReport`: everything the HTML report shows, read from the model store (stored metrics
 * runs, kept manifests), optionally after computing a fresh run from an event store; and
 * `publishReport`, which puts the page into the bucket next to the manifests.
 */
import type { OnlineMetrics } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { listVersions } from '../../publish/index.ts';
import { computeOnlineMetrics, readOnlineMetricsHistory, writeOnlineMetrics } from '../online.ts';
import { renderReport } from './html.ts';

/** Key of the latest report in the model store (a stable URL for a dashboard link). */
export const REPORT_KEY = 'reports/report.html';

export interface BuiltReport {
  html: string;
  runs: number;
  versions: number;
  /** The run computed for this report (with `events`), and where it was stored. */
  fresh: { metrics: OnlineMetrics; key: string } | null;
  unreadableRuns: number;
}

/**
 * The report of `models`; with `events`, a new metrics run is computed and stored first.
 *
 * @example
 * const { html } = await buildReport(openStore('file://.vitrine/store'), { events: openStore('file://.vitrine/shop') });
 */
export async function buildReport(
  models: BlobStore,
  options: { events?: BlobStore; now?: Date; storeLabel?: string } = {},
): Promise<BuiltReport> {
  const now = options.now ?? new Date();
  let fresh: BuiltReport['fresh'] = null;
  if (options.events !== undefined) {
    const metrics = await computeOnlineMetrics(options.events, models, { now });
    fresh = { metrics, key: await writeOnlineMetrics(models, metrics) };
  }
  const { runs, unreadable } = await readOnlineMetricsHistory(models);
  const kept = (await listVersions(models)).flatMap((e) =>
    e.loaded === null
      ? []
      : [
          {
            modelVersion: e.loaded.manifest.version,
            createdAt: e.loaded.manifest.createdAt,
            offline: e.loaded.manifest.model.metrics,
          },
        ],
  );
  const html = renderReport({
    generatedAt: now.toISOString(),
    store: options.storeLabel ?? models.uri,
    runs,
    kept,
  });
  return { html, runs: runs.length, versions: kept.length, fresh, unreadableRuns: unreadable };
}

/**
 * Stores the page as `reports/report.html` of the model store.
 *
 * @example
 * await publishReport(models, built.html);
 */
export async function publishReport(models: BlobStore, html: string): Promise<string> {
  await models.put(REPORT_KEY, new TextEncoder().encode(html), { contentType: 'text/html; charset=utf-8' });
  return REPORT_KEY;
}
