/**
 * Pipeline input resolution: which interactions format a data URI holds (`auto`), what events
 * arrived since the last run, and URIs made safe to record (no credentials).
 */
import { AppError, isAppError } from '#shared/errors';
import type { BlobStore } from '#shared/storage';
import { INTERACTION_FORMATS, type InteractionFormat, splitUri } from '../jobs/inputs.ts';
import { openStore } from '../storage/open.ts';

export const DATA_FORMATS = ['auto', ...INTERACTION_FORMATS] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/**
 * The URI without its query string, which may carry credentials (`s3://…?secretAccessKey=…`):
 * what manifests, state and logs record.
 *
 * @example
 * redactUri('s3://b/p?endpoint=http://x&secretAccessKey=y'); // 's3://b/p'
 */
export function redactUri(uri: string): string {
  const q = uri.indexOf('?');
  return q < 0 ? uri : uri.slice(0, q);
}

/**
 * `auto`: a URI naming a `.csv` file is MovieLens when its header starts `userId,movieId`, else a
 * generic interactions CSV; anything else (a store, or a prefix ending in `/`) holds edge events.
 *
 * @example
 * await resolveFormat('file://../shared/data/ml-latest-small/ratings.csv', 'auto'); // 'movielens'
 */
export async function resolveFormat(uri: string, format: DataFormat): Promise<InteractionFormat> {
  if (format !== 'auto') return format;
  if (!/\.csv$/i.test(redactUri(uri))) return 'events';
  const { storeUri, key } = splitUri(uri);
  let head: string;
  try {
    head = new TextDecoder().decode((await openStore(storeUri).get(key)).subarray(0, 256));
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') {
      throw new AppError('invalid_argument', `no data at ${redactUri(uri)}`, { field: 'data', key });
    }
    throw error;
  }
  return /^\uFEFF?"?userId"?,"?movieId"?/.test(head) ? 'movielens' : 'csv';
}

export interface EventsSnapshot {
  /** Event files under the prefix now. */
  files: number;
  /** Of those, files with a key after the last run's watermark (all of them on a first run). */
  newFiles: number;
  /** Largest key now: the next watermark. */
  watermark: string | null;
}

/**
 * Lists the event files (`*.ndjson`) under `prefix` and compares them with the watermark. Keys
 * sort by partition time (`events/dt=…/hour=…/…`), so "after the watermark" means "arrived
 * since the last run"; a late file filed under an older hour is still trained on (training
 * reads every event) but not counted as new.
 *
 * @example
 * const snap = await eventsSince(store, 'events/', state?.eventsWatermark ?? null);
 */
export async function eventsSince(
  store: BlobStore,
  prefix: string,
  watermark: string | null,
): Promise<EventsSnapshot> {
  const keys = (await store.list(prefix)).map((b) => b.key).filter((k) => k.endsWith('.ndjson'));
  const newFiles = watermark === null ? keys.length : keys.filter((k) => k > watermark).length;
  return { files: keys.length, newFiles, watermark: keys.at(-1) ?? watermark };
}
