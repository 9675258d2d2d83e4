/**
 * Turns the URIs a user gives the CLI into loaded data: interactions in one of three formats and
 * an optional item catalogue, with each loader's bad-row report logged (never silently dropped).
 *
 * A URI names a blob (`file:///data/ratings.csv`, `s3://bucket/dir/ratings.csv?endpoint=…`) or,
 * ending in `/`, a prefix (`file:///shop/catalogue/`). It is split at its last path segment into
 * a store URI (opened with `openStore`) and a key or prefix inside it.
 */
import { AppError } from '#shared/errors';
import { LoadConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import type { Catalogue } from '../data/catalogue.ts';
import { loadCatalogue } from '../data/catalogue-load.ts';
import type { InteractionSet } from '../data/interactions.ts';
import { loadInteractionsCsv, loadMovieLensRatings } from '../data/interactions-csv.ts';
import { loadEvents } from '../data/parquet/engine.ts';
import type { LoadReport } from '../data/report.ts';
import { enforceBadRowLimits } from '../data/thresholds.ts';
import type { Logger } from '../observe/index.ts';
import { locationUri } from '../storage/fs-uri.ts';
import { openStore } from '../storage/open.ts';

export const INTERACTION_FORMATS = ['csv', 'movielens', 'events'] as const;
export type InteractionFormat = (typeof INTERACTION_FORMATS)[number];

/**
 * Splits a blob or prefix URI into the store that holds it and the key/prefix inside it.
 *
 * @example
 * splitUri('file:///data/ml/ratings.csv'); // { storeUri: 'file:///data/ml', key: 'ratings.csv' }
 * splitUri('s3://b/shop/catalogue/?endpoint=http://127.0.0.1:9000'); // storeUri 's3://b/shop?endpoint=…', key 'catalogue/'
 * splitUri('./orders.csv'); // { storeUri: 'file:///<cwd>', key: 'orders.csv' }
 */
export function splitUri(location: string): { storeUri: string; key: string } {
  const uri = locationUri(location); // a plain path is a file
  const q = uri.indexOf('?');
  const path = q < 0 ? uri : uri.slice(0, q);
  const query = q < 0 ? '' : uri.slice(q);
  const dir = path.endsWith('/');
  const trimmed = dir ? path.slice(0, -1) : path;
  const slash = trimmed.lastIndexOf('/');
  const schemeEnd = trimmed.indexOf('://') + 3;
  if (slash < schemeEnd || slash === trimmed.length - 1) {
    throw new AppError(
      'invalid_argument',
      `URI ${JSON.stringify(uri)} does not name a file or folder inside a store`,
      {
        field: 'uri',
      },
    );
  }
  return {
    storeUri: `${trimmed.slice(0, slash)}${query}`,
    key: `${trimmed.slice(slash + 1)}${dir ? '/' : ''}`,
  };
}

/**
 * Loads interactions. `events`: `uri` is the store the edge writes to; events are read from its
 * `events/` prefix (or the prefix the URI ends with, when it ends in `/`).
 *
 * @example
 * const set = await loadInteractions('file:///data/ml/ratings.csv', 'movielens', log);
 */
export async function loadInteractions(
  uri: string,
  format: InteractionFormat,
  log: Logger,
  limits: LoadConfig = LoadConfig.parse({}),
): Promise<InteractionSet> {
  const started = performance.now();
  let result: { data: InteractionSet; report: LoadReport };
  if (format === 'events') {
    const prefixed = uri.endsWith('/') ? splitUri(uri) : undefined;
    const store = prefixed ? openStore(prefixed.storeUri) : openStore(uri);
    const loaded = await loadEvents(store, { prefix: prefixed?.key ?? 'events/' });
    log.info('data.events_engine', { engine: loaded.engine });
    // On Parquet, malformed lines are met (and dropped) by the compaction of the new files.
    if (loaded.compacted !== undefined) enforceBadRowLimits(loaded.compacted, limits);
    result = loaded;
  } else {
    const { store, key } = blob(uri);
    const csv = limits.delimiter === undefined ? {} : { delimiter: limits.delimiter };
    result =
      format === 'movielens'
        ? await loadMovieLensRatings(store, key)
        : await loadInteractionsCsv(store, key, csv);
  }
  logReport(log, 'interactions', result.report, performance.now() - started);
  enforceBadRowLimits(result.report, limits);
  const set = result.data;
  if (set.length === 0)
    throw new AppError('invalid_argument', `no usable interactions in ${uri}`, { field: 'data' });
  log.info('data.loaded', { rows: set.length, users: set.userIds.length, items: set.itemIds.length });
  return set;
}

/**
 * Loads an item catalogue (one `.jsonl`/`.csv` blob, or every part under a prefix URI ending in `/`).
 *
 * @example
 * const catalogue = await loadCatalogueUri('file:///shop/catalogue/', log);
 */
export async function loadCatalogueUri(
  uri: string,
  log: Logger,
  limits: LoadConfig = LoadConfig.parse({}),
): Promise<Catalogue> {
  const started = performance.now();
  const { store, key } = blob(uri);
  const result = await loadCatalogue(store, key, { delimiter: limits.delimiter });
  logReport(log, 'catalogue', result.report, performance.now() - started);
  enforceBadRowLimits(result.report, limits);
  return result.data;
}

function blob(uri: string): { store: BlobStore; key: string } {
  const { storeUri, key } = splitUri(uri);
  return { store: openStore(storeUri), key };
}

/** One info line per load, plus a warning with the first bad rows when there were any. */
function logReport(log: Logger, what: string, report: LoadReport, ms: number): void {
  log.info(`${what}.report`, {
    source: report.source,
    rowsRead: report.rowsRead,
    rowsKept: report.rowsKept,
    rowsBad: report.rowsBad,
    rowsSkipped: report.rowsSkipped,
    seconds: Math.round(ms) / 1000,
  });
  if (report.rowsBad > 0) {
    log.warn(`${what}.bad_rows`, {
      count: report.rowsBad,
      first: report.badRows.slice(0, 5).map((b) => `${b.source}:${b.line}: ${b.reason}`),
    });
  }
}
