/**
 * Event retention (`--retain-days N`): event and impression files whose partition hour ended more
 * than N days ago are deleted from the data store, and rows older than the cut-off that were
 * filed late under a newer partition are kept out of training (suppress.ts). Files without a
 * partition in their key are left alone: their age is unknown, and guessing would delete data.
 */
import { EVENTS_PREFIX, IMPRESSIONS_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { partitionStart } from '../data/events.ts';

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface EventRetentionResult {
  /** Epoch ms before which events are expired. */
  cutoff: number;
  deletedFiles: number;
  deletedBytes: number;
}

/**
 * Deletes the partitions older than `retainDays` days before `now`.
 *
 * @example
 * await expireEvents(openStore('s3://shop/vitrine'), 90); // { cutoff, deletedFiles, deletedBytes }
 */
export async function expireEvents(
  store: BlobStore,
  retainDays: number,
  now = new Date(),
  prefixes: readonly string[] = [EVENTS_PREFIX, IMPRESSIONS_PREFIX],
): Promise<EventRetentionResult> {
  const cutoff = now.getTime() - retainDays * DAY_MS;
  const result: EventRetentionResult = { cutoff, deletedFiles: 0, deletedBytes: 0 };
  for (const prefix of prefixes) {
    for (const { key, size } of await store.list(prefix)) {
      const start = partitionStart(key);
      if (start === null || start + HOUR_MS > cutoff) continue;
      await store.delete(key);
      result.deletedFiles++;
      result.deletedBytes += size;
    }
  }
  return result;
}
