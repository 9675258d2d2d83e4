/**
 * `loadEventsParquet`: compacted events (compact.ts) → the interaction matrix, aggregated in SQL
 * by DuckDB. One pass over the Parquet columns: events outside [since, until) dropped, retries
 * (repeated eventId) counted once, anonymous events keyed `session:<sessionId>` (as the NDJSON
 * loader does), each event weighted by its type, and (user, item) pairs summed; then dense user
 * and item indices (sorted ids, so the same data always gives the same index space) and the
 * pairs in (user, item) order, read back column by column into typed arrays.
 *
 * The result is an `InteractionSet` with one row per distinct pair (weight = summed event
 * weights, timestamp = the latest event), which every model and split takes as it takes raw rows.
 */
import { EVENT_TYPES, EVENT_WEIGHTS, type EventType } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { eventWindow } from '../events.ts';
import type { InteractionSet } from '../interactions.ts';
import type { LoadReport, LoadResult } from '../report.ts';
import { resolveStore } from '../source.ts';
import { type Duck, openDuck, sqlList } from './duckdb.ts';
import { localPaths } from './local.ts';
import { readPairs, readStrings } from './read.ts';
import { PARQUET_PREFIX } from './state.ts';

export interface ParquetLoadOptions {
  since?: number | Date;
  until?: number | Date;
  weights?: Partial<Record<EventType, number>>;
  /** See events.ts (default 24 h). */
  partitionSlackMs?: number;
  duck?: Duck;
  /** DuckDB memory_limit when this call opens the engine (default 1GB). */
  memoryLimit?: string;
}

/** `LoadReport` (rowsBad is always 0: bad lines were rejected at compaction) plus Parquet facts. */
export interface ParquetLoadReport extends LoadReport {
  /** Parquet files read and files pruned by `since`/`until`. */
  files: number;
  filesPruned: number;
  /** Bytes copied from a remote store to local disk first (local.ts). */
  spooledBytes: number;
  /** Kept = distinct events in the window; skipped = outside it, or a repeated eventId. */
  duplicates: number;
  byType: Record<EventType, number>;
  /** Distinct (user, item) pairs: the rows of the result. */
  pairs: number;
}

/**
 * Loads the compacted events of `store` as an interaction matrix.
 *
 * @example
 * const { data, report } = await loadEventsParquet('file://var/shop', { since: Date.now() - 90 * 86_400_000 });
 */
export async function loadEventsParquet(
  store: BlobStore | string,
  options: ParquetLoadOptions = {},
): Promise<LoadResult<InteractionSet, ParquetLoadReport>> {
  const blobs = resolveStore(store);
  const { since, until, prunes } = eventWindow(options);
  const keys: string[] = [];
  let filesPruned = 0;
  for (const { key } of await blobs.list(PARQUET_PREFIX)) {
    if (!key.endsWith('.parquet')) continue;
    if (prunes(key)) filesPruned++;
    else keys.push(key);
  }
  const duck = options.duck ?? (await openDuck({ memoryLimit: options.memoryLimit }));
  try {
    const { paths, spooledBytes } = await localPaths(blobs, keys, duck.scratch);
    const base = {
      source: `${blobs.uri}/${PARQUET_PREFIX}`,
      files: keys.length,
      filesPruned,
      spooledBytes,
      ...NO_BAD_ROWS,
    };
    if (paths.length === 0) return { data: emptySet(), report: { ...base, ...emptyCounts() } };
    const counts = await aggregate(duck, paths, since, until, { ...EVENT_WEIGHTS, ...options.weights });
    const userIds = await readStrings(duck.conn, 'SELECT u FROM vitrine_users ORDER BY idx');
    const itemIds = await readStrings(duck.conn, 'SELECT i FROM vitrine_items ORDER BY idx');
    const pairs = await readPairs(
      duck.conn,
      `SELECT uu.idx, ii.idx, p.w, p.ts FROM vitrine_pairs p
       JOIN vitrine_users uu USING (u) JOIN vitrine_items ii USING (i) ORDER BY 1, 2`,
      counts.pairs,
    );
    await duck.conn.run('DROP TABLE vitrine_pairs; DROP TABLE vitrine_users; DROP TABLE vitrine_items');
    return { data: { userIds, itemIds, ...pairs, length: counts.pairs }, report: { ...base, ...counts } };
  } finally {
    if (!options.duck) await duck.close();
  }
}

type Counts = Omit<ParquetLoadReport, 'source' | 'files' | 'filesPruned' | 'spooledBytes' | keyof NoBadRows>;
type NoBadRows = Pick<LoadReport, 'rowsBad' | 'badRows' | 'badRowsTruncated'>;
const NO_BAD_ROWS: NoBadRows = { rowsBad: 0, badRows: [], badRowsTruncated: false };

/** Builds the temp tables vitrine_pairs/users/items and returns the counts. */
async function aggregate(
  duck: Duck,
  paths: string[],
  since: number,
  until: number,
  weights: Record<EventType, number>,
): Promise<Counts> {
  const window = [
    Number.isFinite(since) ? `ts >= ${Math.floor(since)}` : 'true',
    Number.isFinite(until) ? `ts < ${Math.ceil(until)}` : 'true',
  ].join(' AND ');
  const weightOf = `CASE type ${EVENT_TYPES.map((t) => `WHEN '${t}' THEN ${finite(weights[t])}`).join(' ')} ELSE 0 END`;
  const c = duck.conn;
  const files = `read_parquet(${sqlList(paths)})`;
  await c.run(`CREATE OR REPLACE TEMP VIEW vitrine_window AS
    SELECT event_hash, user_id, session_id, item_id, type, ts FROM ${files} WHERE ${window}`);
  // Compaction keeps one copy per eventId within a batch; a retry that landed in a later batch is
  // the rare case, so the (costly) per-event dedupe runs only when the cheap check finds one.
  const perType = EVENT_TYPES.map((t) => `count(*) FILTER (WHERE type = '${t}')::DOUBLE`).join(', ');
  const stats = await c.runAndReadAll(
    `SELECT count(DISTINCT event_hash)::DOUBLE, count(*)::DOUBLE, ${perType} FROM vitrine_window`,
  );
  const [kept, inWindow, ...typeCounts] = (stats.getRows()[0] ?? []).map(Number) as number[];
  const events =
    kept === inWindow
      ? 'vitrine_window'
      : `(SELECT arg_min(user_id, ts) AS user_id, arg_min(session_id, ts) AS session_id,
                 arg_min(item_id, ts) AS item_id, arg_min(type, ts) AS type, min(ts) AS ts
          FROM vitrine_window GROUP BY event_hash)`;
  // Grouped on the raw columns; the 'session:' key is built once per pair, not once per event.
  await c.run(`CREATE OR REPLACE TEMP TABLE vitrine_pairs AS
    SELECT coalesce(user_id, 'session:' || s) AS u, i, w, ts FROM (
      SELECT user_id, CASE WHEN user_id IS NULL THEN session_id END AS s, item_id AS i,
             sum(${weightOf})::FLOAT AS w, max(ts)::DOUBLE AS ts
      FROM ${events} GROUP BY ALL)`);
  await c.run(`CREATE OR REPLACE TEMP TABLE vitrine_users AS
    SELECT u, (row_number() OVER (ORDER BY u) - 1)::INTEGER AS idx FROM (SELECT DISTINCT u FROM vitrine_pairs)`);
  await c.run(`CREATE OR REPLACE TEMP TABLE vitrine_items AS
    SELECT i, (row_number() OVER (ORDER BY i) - 1)::INTEGER AS idx FROM (SELECT DISTINCT i FROM vitrine_pairs)`);
  const total = await scalar(duck, `SELECT count(*) FROM ${files}`);
  const pairs = await scalar(duck, 'SELECT count(*) FROM vitrine_pairs');
  const byType = Object.fromEntries(EVENT_TYPES.map((t, k) => [t, typeCounts[k] ?? 0])) as Record<
    EventType,
    number
  >;
  if (kept !== inWindow) {
    const typed = await c.runAndReadAll(`SELECT type, count(*)::DOUBLE FROM ${events} GROUP BY type`);
    for (const t of EVENT_TYPES) byType[t] = 0;
    for (const [type, n] of typed.getRows())
      if (String(type) in byType) byType[type as EventType] = Number(n);
  }
  await c.run('DROP VIEW vitrine_window');
  return {
    rowsRead: total,
    rowsKept: kept!,
    rowsSkipped: total - kept!,
    duplicates: inWindow! - kept!,
    byType,
    pairs,
  };
}

async function scalar(duck: Duck, sql: string): Promise<number> {
  const r = await duck.conn.runAndReadAll(sql);
  return Number(r.getRows()[0]?.[0] ?? 0);
}

function finite(n: number): number {
  if (!Number.isFinite(n)) throw new RangeError(`event weight ${n} is not a finite number`);
  return n;
}

function emptySet(): InteractionSet {
  return {
    userIds: [],
    itemIds: [],
    users: new Int32Array(0),
    items: new Int32Array(0),
    weights: new Float32Array(0),
    timestamps: null,
    length: 0,
  };
}

function emptyCounts(): Counts {
  const byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  return { rowsRead: 0, rowsKept: 0, rowsSkipped: 0, duplicates: 0, byType, pairs: 0 };
}
