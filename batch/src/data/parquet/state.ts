/**
 * Which edge NDJSON files are already in Parquet: `events-parquet/_state.json`, a map from each
 * compacted source key to the batch that holds it. Compaction skips what is listed, so it can run
 * before every pipeline (or hourly) and only touches what arrived since; a batch's Parquet files are
 * put before the state names them, so a crash in between only means that batch is redone (same
 * sources → same batch id → the same keys overwritten).
 */
import { z } from 'zod';
import { isAppError } from '#shared/errors';
import type { BlobStore } from '#shared/storage';

export const PARQUET_PREFIX = 'events-parquet/';
export const STATE_KEY = `${PARQUET_PREFIX}_state.json`;

export const CompactionState = z.object({
  version: z.literal(1),
  /** NDJSON source key → id of the compaction batch whose Parquet files hold its valid events. */
  sources: z.record(z.string(), z.string()),
});
export type CompactionState = z.infer<typeof CompactionState>;

/** The stored state, or an empty one before the first compaction. */
export async function readCompactionState(store: BlobStore): Promise<CompactionState> {
  try {
    const bytes = await store.get(STATE_KEY);
    return CompactionState.parse(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') return { version: 1, sources: {} };
    throw error;
  }
}

export async function writeCompactionState(store: BlobStore, state: CompactionState): Promise<void> {
  await store.put(STATE_KEY, new TextEncoder().encode(JSON.stringify(state)), {
    contentType: 'application/json',
  });
}
