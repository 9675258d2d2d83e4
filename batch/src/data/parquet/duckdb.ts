/**
 * The embedded SQL engine for events at scale: DuckDB (@duckdb/node-api, native binaries from
 * npm), opened in memory per job with a memory cap and a spill directory, so a query larger than
 * RAM spills to disk instead of failing the job.
 *
 * Loaded lazily: shops that stay on NDJSON never load the native module.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface DuckOptions {
  /** DuckDB's memory_limit, e.g. '1GB' (default 1GB: leaves room for training in a 4 GiB job). */
  memoryLimit?: string;
  /** Worker threads of the engine (default: DuckDB's, one per core). */
  threads?: number;
}

export interface Duck {
  conn: DuckDBConnection;
  /** A scratch directory removed by `close` (spill files, staged Parquet). */
  scratch: string;
  close(): Promise<void>;
}

/**
 * Opens an in-memory DuckDB with a memory cap, spilling to a private scratch directory.
 *
 * @example
 * const duck = await openDuck({ memoryLimit: '1GB' });
 * try { await duck.conn.run('select 1'); } finally { await duck.close(); }
 */
export async function openDuck(options: DuckOptions = {}): Promise<Duck> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const scratch = await mkdtemp(join(tmpdir(), 'vitrine-duck-'));
  const config: Record<string, string> = {
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: join(scratch, 'spill'),
    // Insertion order is not a result we rely on (every query orders what it returns).
    preserve_insertion_order: 'false',
  };
  if (options.threads !== undefined) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  return {
    conn,
    scratch,
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** A SQL string literal (single quotes doubled). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A SQL list of string literals, e.g. for `read_parquet([...])`. */
export function sqlList(items: string[]): string {
  return `[${items.map(sqlString).join(', ')}]`;
}
