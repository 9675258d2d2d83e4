/**
 * Erasure in a compacted store (batch/src/data/parquet): the events of an NDJSON file also live
 * in the zstd Parquet batch it was compacted into, where they cannot be cut out line by line.
 * So before the NDJSON files that name a deleted user are rewritten, every Parquet batch holding
 * one of them is deleted and its sources are un-recorded in the compaction state; the next load
 * compacts them again from the erased NDJSON.
 *
 * Order matters for a crash: batches go before the rewrite, so a run that dies in between finds
 * the same NDJSON files still naming the user next time and invalidates again (idempotent); the
 * Parquet files go before the state, so the state never names a batch that still holds the user
 * without it being found again.
 */
import type { BlobStore } from '#shared/storage';
import { PARQUET_PREFIX, readCompactionState, writeCompactionState } from '../data/parquet/state.ts';

const PART = /\/part-(.+)-\d+\.parquet$/;

export interface InvalidationResult {
  batches: number;
  parquetFiles: number;
}

/**
 * Drops the Parquet batches that compacted any of `sources` (NDJSON keys) and un-records them.
 *
 * @example
 * await invalidateCompacted(store, ['events/dt=2026-01-01/hour=12/a.ndjson']);
 */
export async function invalidateCompacted(
  store: BlobStore,
  sources: readonly string[],
): Promise<InvalidationResult> {
  const state = await readCompactionState(store);
  const batches = new Set(
    sources.map((key) => state.sources[key]).filter((b): b is string => b !== undefined),
  );
  const result: InvalidationResult = { batches: batches.size, parquetFiles: 0 };
  if (batches.size === 0) return result;
  for (const { key } of await store.list(PARQUET_PREFIX)) {
    const batch = PART.exec(key)?.[1];
    if (batch === undefined || !batches.has(batch)) continue;
    await store.delete(key);
    result.parquetFiles++;
  }
  const sourcesLeft = Object.fromEntries(Object.entries(state.sources).filter(([, b]) => !batches.has(b)));
  await writeCompactionState(store, { ...state, sources: sourcesLeft });
  return result;
}
