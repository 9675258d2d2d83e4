/**
 * Which engine reads a store's events. A store is on Parquet once it has been compacted
 * (`vitrine compact-events`, or `compact: true` here): from then on every load first compacts what
 * arrived since (incremental: only new NDJSON files) and aggregates the Parquet in DuckDB. A store
 * never compacted — a small shop — keeps the NDJSON loader and never loads the native engine.
 */
import { isAppError } from '#shared/errors';
import { EVENTS_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type EventsReport, loadBehaviourEvents } from '../events.ts';
import type { InteractionSet } from '../interactions.ts';
import type { LoadResult } from '../report.ts';
import { type CompactReport, compactEvents } from './compact.ts';
import { openDuck } from './duckdb.ts';
import { loadEventsParquet, type ParquetLoadReport } from './load.ts';
import { STATE_KEY } from './state.ts';

export type EventsEngine = 'duckdb' | 'ndjson';

export interface EngineLoad extends LoadResult<InteractionSet, EventsReport | ParquetLoadReport> {
  engine: EventsEngine;
  /** What the compaction before the load did (duckdb only). */
  compacted?: CompactReport;
}

/** True when `store` has been compacted before. */
export async function isCompacted(store: BlobStore): Promise<boolean> {
  try {
    await store.head(STATE_KEY);
    return true;
  } catch (error) {
    if (isAppError(error) && error.kind === 'not_found') return false;
    throw error;
  }
}

/**
 * Loads the events of `store` with the engine the module header describes.
 *
 * @example
 * const { data, engine } = await loadEvents(openStore('s3://shop/vitrine?…'));
 */
export async function loadEvents(
  store: BlobStore,
  options: { prefix?: string; compact?: boolean } = {},
): Promise<EngineLoad> {
  const prefix = options.prefix ?? EVENTS_PREFIX;
  if (!options.compact && !(await isCompacted(store))) {
    return { ...(await loadBehaviourEvents(store, { prefix })), engine: 'ndjson' };
  }
  const duck = await openDuck();
  try {
    const { report: compacted } = await compactEvents(store, { prefix, duck });
    return { ...(await loadEventsParquet(store, { duck })), engine: 'duckdb', compacted };
  } finally {
    await duck.close();
  }
}
