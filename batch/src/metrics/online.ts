/**
 * `computeOnlineMetrics`: the edge's events (data store) and the published versions (model
 * store) → one `OnlineMetrics` document, stored as `reports/online/<runId>.json` in the model
 * store so the series outlives the versions retention deletes (each document also carries the
 * offline metrics of the versions it saw).
 */
import { decodeShard } from '#shared/codec';
import { unwrap } from '#shared/errors';
import {
  decodeJson,
  type Manifest,
  ONLINE_METRICS_PREFIX,
  OnlineMetrics,
  ShardMetadata,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { listVersions, readBlob } from '../publish/index.ts';
import { type AttributionWindows, attribute, DEFAULT_WINDOWS } from './attribute.ts';
import { groupMetrics, upliftRows, type VersionInfo, versionMetrics } from './compute.ts';
import { readOnlineEvents } from './read.ts';

export interface OnlineMetricsOptions {
  /** Event-time window [since, until) in epoch ms (default: everything stored). */
  since?: number;
  until?: number;
  windows?: AttributionWindows;
  /** Clock of the run (tests). */
  now?: Date;
}

/** Item → category of a manifest's index (for diversity), from its IVF lists' metadata. */
async function itemCategories(store: BlobStore, manifest: Manifest): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const list of manifest.items.index.lists) {
    const shard = decodeShard(await readBlob(store, list.shard));
    if (!shard.ok) throw shard.error;
    const meta = unwrap(
      decodeJson(await readBlob(store, list.metadata), ShardMetadata, 'list metadata', list.metadata.key),
    );
    shard.value.ids.forEach((id, row) => {
      const category = meta.category[row];
      if (category !== null && category !== undefined) out.set(id, category);
    });
  }
  return out;
}

/** What each readable kept version says about itself, and the newest one's item categories. */
async function versionInfo(store: BlobStore) {
  const info = new Map<string, VersionInfo>();
  let newest: Manifest | undefined;
  for (const entry of await listVersions(store)) {
    if (entry.loaded === null) continue;
    const { manifest } = entry.loaded;
    newest = manifest;
    info.set(manifest.version, {
      createdAt: manifest.createdAt,
      catalogueItems: manifest.catalogue?.items ?? manifest.items.count,
      offline: manifest.model.metrics,
    });
  }
  const categories = newest === undefined ? new Map<string, string>() : await itemCategories(store, newest);
  return { info, categories };
}

/**
 * Online metrics of everything the edge stored in `events` (a data store holding `events/` and
 * `impressions/`), with what `models` (the model store) knows of each version.
 *
 * @example
 * const metrics = await computeOnlineMetrics(openStore('file://.vitrine/shop'), openStore('file://.vitrine/store'));
 */
export async function computeOnlineMetrics(
  events: BlobStore,
  models: BlobStore,
  options: OnlineMetricsOptions = {},
): Promise<OnlineMetrics> {
  const windows = options.windows ?? DEFAULT_WINDOWS;
  const read = await readOnlineEvents(events, options);
  const sessions = attribute(read, windows);
  const { info, categories } = await versionInfo(models);
  const groups = groupMetrics(sessions);
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const sum = (f: (g: (typeof groups)[number]) => number) => groups.reduce((a, g) => a + f(g), 0);
  return OnlineMetrics.parse({
    format: 'vitrine-online-metrics',
    version: 1,
    runAt: (options.now ?? new Date()).toISOString(),
    window: { from: iso(options.since), to: iso(options.until) },
    attribution: { clickWindowMinutes: windows.clickMinutes, cartWindowMinutes: windows.cartMinutes },
    totals: {
      impressions: sum((g) => g.impressions),
      sessions: sessions.length,
      clicks: sum((g) => g.clicks),
      carts: sum((g) => g.carts),
      purchases: sum((g) => g.purchases),
      badLines: read.badLines,
    },
    groups,
    versions: versionMetrics(sessions, info, (id) => categories.get(id)),
    uplift: upliftRows(sessions),
  });
}

/** Key of a run's document: sortable by time. */
export const onlineMetricsKey = (metrics: OnlineMetrics): string =>
  `${ONLINE_METRICS_PREFIX}${metrics.runAt.replace(/[:.]/g, '-')}.json`;

/**
 * Stores a run's document in the model store; returns its key.
 *
 * @example
 * await writeOnlineMetrics(modelStore, metrics); // reports/online/2026-12-03T11-00-00-000Z.json
 */
export async function writeOnlineMetrics(store: BlobStore, metrics: OnlineMetrics): Promise<string> {
  const key = onlineMetricsKey(metrics);
  await store.put(key, new TextEncoder().encode(`${JSON.stringify(metrics, null, 1)}\n`), {
    contentType: 'application/json',
  });
  return key;
}

/** Every stored run's document, oldest first (unreadable ones are skipped and counted). */
export async function readOnlineMetricsHistory(
  store: BlobStore,
): Promise<{ runs: OnlineMetrics[]; unreadable: number }> {
  const runs: OnlineMetrics[] = [];
  let unreadable = 0;
  for (const { key } of await store.list(ONLINE_METRICS_PREFIX)) {
    if (!key.endsWith('.json')) continue;
    const parsed = decodeJson(await store.get(key), OnlineMetrics, 'online metrics', key);
    if (parsed.ok) runs.push(parsed.value);
    else unreadable++;
  }
  return { runs: runs.sort((a, b) => a.runAt.localeCompare(b.runAt)), unreadable };
}
