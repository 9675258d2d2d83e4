/**
 * Structured log lines: one JSON object per line on the console, which Workers Logs and
 * `wrangler tail` index by field. Degradations are logged here so an operator sees why an
 * answer was served from a stale model or the fallback list, not only the client.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields every line may carry; anything else is free-form but must be JSON-serialisable. */
export interface LogFields {
  [field: string]: unknown;
}

/**
 * Writes `{"level","event",...fields}` as one line.
 *
 * @example
 * log('warn', 'shard_degraded', { key: 'blobs/ab…', reason: 'shard_corrupt' });
 */
export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields }, (_k, v) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  );
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
