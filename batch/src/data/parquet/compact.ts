/**
 * `compactEvents`: turns the edge's NDJSON event files (`events/dt=…/hour=…/*.ndjson`, one small
 * file per buffer flush) into Parquet (`events-parquet/dt=…/hour=…/part-<batch>-<n>.parquet`),
 * validating every line once, here, with the zod `BehaviourEvent` schema — after this, loads read
 * typed columns and never parse or validate JSON again.
 *
 * Per batch of new files (≤ `batchBytes` of NDJSON): each file is validated line by line and its
 * valid events staged as plain CSV of the columns kept (bad lines are reported, as the NDJSON
 * loader reports them). DuckDB then reads the staged files, keyed by
 * the hour partition of their source key, and writes one zstd Parquet file per hour, with retries
 * (a repeated eventId) kept once and a 64-bit `event_hash` of the id that loads dedupe on (load.ts).
 * Files are put
 * to the store, then the state (state.ts) records the sources, so a rerun skips them.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { BehaviourEvent, EVENTS_PREFIX, issueText } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type Line, readJsonLines } from '../lines.ts';
import { type LoadReport, ReportBuilder } from '../report.ts';
import { resolveStore } from '../source.ts';
import { type Duck, openDuck, sqlString } from './duckdb.ts';
import { PARQUET_PREFIX, readCompactionState, writeCompactionState } from './state.ts';

export interface CompactOptions {
  /** NDJSON prefix (default `events/`). */
  prefix?: string;
  /** NDJSON bytes per DuckDB batch (default 256 MiB): bounds the staging disk and one COPY. */
  batchBytes?: number;
  maxBadRows?: number;
  /** An open engine to use (else one is opened and closed here). */
  duck?: Duck;
}

export interface CompactReport extends LoadReport {
  /** NDJSON files compacted by this run, and those skipped as compacted before. */
  files: number;
  filesAlreadyCompacted: number;
  ndjsonBytes: number;
  batches: number;
  parquetFiles: number;
  parquetBytes: number;
}

const HOUR_DIR = /(?:^|\/)(dt=\d{4}-\d{2}-\d{2}\/hour=\d{2})\//;

/**
 * Compacts every NDJSON event file not compacted before.
 *
 * @example
 * const { report } = await compactEvents('s3://shop/vitrine?endpoint=…');
 * console.log(report.files, report.rowsBad, report.parquetBytes);
 */
export async function compactEvents(
  store: BlobStore | string,
  options: CompactOptions = {},
): Promise<{ report: CompactReport }> {
  const blobs = resolveStore(store);
  const prefix = options.prefix ?? EVENTS_PREFIX;
  const state = await readCompactionState(blobs);
  const all = (await blobs.list(prefix)).filter((b) => /\.ndjson$/i.test(b.key));
  const fresh = all.filter((b) => state.sources[b.key] === undefined);
  const rb = new ReportBuilder(prefix, options.maxBadRows);
  const out = { files: fresh.length, filesAlreadyCompacted: all.length - fresh.length, ndjsonBytes: 0 };
  const written = { batches: 0, parquetFiles: 0, parquetBytes: 0 };
  const duck = options.duck ?? (await openDuck());
  try {
    for (const batch of batches(fresh, options.batchBytes ?? 256 << 20)) {
      const keys = batch.map((b) => b.key);
      const id = createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
      const staged = join(duck.scratch, `stage-${id}`);
      let rows = 0;
      for (const [n, key] of keys.entries()) {
        const bytes = await blobs.get(key);
        out.ndjsonBytes += bytes.byteLength;
        rows += await stageFile(bytes, key, join(staged, hourDir(key), `${n}.csv`), rb);
      }
      if (rows > 0) {
        const files = await writeParquet(duck, staged, join(duck.scratch, `out-${id}`), id);
        for (const f of files) {
          await blobs.put(`${PARQUET_PREFIX}${f.key}`, f.bytes, {
            contentType: 'application/vnd.apache.parquet',
          });
          written.parquetFiles++;
          written.parquetBytes += f.bytes.byteLength;
        }
      }
      await rm(staged, { recursive: true, force: true });
      for (const key of keys) state.sources[key] = id;
      await writeCompactionState(blobs, state);
      written.batches++;
    }
  } finally {
    if (!options.duck) await duck.close();
  }
  return { report: { ...rb.finish(), ...out, ...written } };
}

/** `dt=…/hour=…` of a source key; keys outside the edge's layout go to a catch-all partition. */
function hourDir(key: string): string {
  return HOUR_DIR.exec(key)?.[1] ?? 'dt=unknown/hour=unknown';
}

function* batches<T extends { size: number }>(files: T[], maxBytes: number): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const f of files) {
    if (batch.length > 0 && bytes + f.size > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(f);
    bytes += f.size;
  }
  if (batch.length > 0) yield batch;
}

/**
 * Validates `bytes` line by line and stages the valid events at `path` as CSV of the six columns
 * the loader needs (ids are `Id`s — letters, digits and `_.:@-` — so no field needs quoting; the
 * timestamp as epoch ms, parsed once here). Returns how many were staged.
 */
async function stageFile(bytes: Uint8Array, key: string, path: string, rb: ReportBuilder): Promise<number> {
  const rows: string[] = [];
  const bad = (l: Line, reason: string) => rb.bad(key, l.line, reason, l.text);
  for (const { value, text, line } of readJsonLines(bytes, bad)) {
    const parsed = BehaviourEvent.safeParse(value);
    if (parsed.success) {
      const e = parsed.data;
      rows.push(
        `${e.eventId},${e.userId ?? ''},${e.sessionId ?? ''},${e.itemId},${e.type},${Date.parse(e.ts)}`,
      );
      rb.kept();
      continue;
    }
    rb.bad(key, line, issueText(parsed.error), text);
  }
  if (rows.length === 0) return 0;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${rows.join('\n')}\n`);
  return rows.length;
}

/** One COPY: staged CSV → zstd Parquet per hour partition; returns the files by store key. */
async function writeParquet(
  duck: Duck,
  staged: string,
  outDir: string,
  id: string,
): Promise<{ key: string; bytes: Uint8Array }[]> {
  const columns = `{event_id: 'VARCHAR', user_id: 'VARCHAR', session_id: 'VARCHAR', item_id: 'VARCHAR', type: 'VARCHAR', ts: 'BIGINT'}`;
  await duck.conn.run(`
    COPY (
      SELECT DISTINCT ON (event_id) event_id, hash(event_id) AS event_hash, user_id, session_id, item_id,
             type, ts, dt, hour
      FROM read_csv(${sqlString(join(staged, '**', '*.csv'))}, header = false, delim = ',', quote = '',
                    columns = ${columns}, hive_partitioning = true,
                    hive_types = {'dt': VARCHAR, 'hour': VARCHAR})
    ) TO ${sqlString(outDir)}
    (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt, hour), FILENAME_PATTERN 'part-${id}-{i}')`);
  const files: { key: string; bytes: Uint8Array }[] = [];
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push({ key: relative(outDir, path).split('\\').join('/'), bytes: await readFile(path) });
  }
  await rm(outDir, { recursive: true, force: true });
  return files.sort((a, b) => (a.key < b.key ? -1 : 1));
}
