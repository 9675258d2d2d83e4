/**
 * Reading DuckDB results into typed arrays chunk by chunk (2,048 rows a chunk), so millions of
 * rows never become millions of JS row objects.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Column 0 of `sql` as strings (NULL → ''). */
export async function readStrings(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const result = await conn.stream(sql);
  const out: string[] = [];
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    const v = chunk.getColumnVector(0);
    for (let r = 0; r < chunk.rowCount; r++) out.push(String(v.getItem(r) ?? ''));
  }
  return out;
}

/**
 * Rows (user INTEGER, item INTEGER, weight FLOAT, ts DOUBLE) of `sql` into the columns of an
 * InteractionSet; `expected` sizes the arrays (the count the caller already has).
 */
export async function readPairs(
  conn: DuckDBConnection,
  sql: string,
  expected: number,
): Promise<{ users: Int32Array; items: Int32Array; weights: Float32Array; timestamps: Float64Array }> {
  const users = new Int32Array(expected);
  const items = new Int32Array(expected);
  const weights = new Float32Array(expected);
  const timestamps = new Float64Array(expected);
  const result = await conn.stream(sql);
  let n = 0;
  for (
    let chunk = await result.fetchChunk();
    chunk && chunk.rowCount > 0;
    chunk = await result.fetchChunk()
  ) {
    if (n + chunk.rowCount > expected) throw new Error(`query returned more than ${expected} rows`);
    const [u, i, w, t] = [0, 1, 2, 3].map((c) => chunk.getColumnVector(c));
    for (let r = 0; r < chunk.rowCount; r++, n++) {
      users[n] = u!.getItem(r) as number;
      items[n] = i!.getItem(r) as number;
      weights[n] = w!.getItem(r) as number;
      timestamps[n] = (t!.getItem(r) as number | null) ?? Number.NaN;
    }
  }
  if (n !== expected) throw new Error(`query returned ${n} rows, expected ${expected}`);
  return { users, items, weights, timestamps };
}
