/**
 * Structured logs for batch jobs and the CLI: one JSON object per line on stderr, so a batch
 * scheduler (or `jq`) can read them while stdout stays free for a command's actual output.
 *
 * Line shape: {"ts":"2026-11-29T10:00:00.000Z","level":"info","event":"train.sweep",...fields}.
 * `VITRINE_LOG_LEVEL` (debug | info | warn | error) sets the minimum level (default info).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. { command: 'train' }). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Receives each finished line without its newline (default: process.stderr). */
  write?: (line: string) => void;
  level?: LogLevel;
  fields?: LogFields;
  /** Clock for `ts`, injectable for tests. */
  now?: () => Date;
}

/**
 * Creates a JSON-lines logger.
 *
 * @example
 * const log = createLogger({ fields: { command: 'train' } });
 * log.info('train.sweep', { iteration: 3, seconds: 1.2 });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const level = options.level ?? envLevel();
  const min = LOG_LEVELS.indexOf(level);
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit =
    (lvl: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      if (LOG_LEVELS.indexOf(lvl) < min) return;
      write(JSON.stringify({ ts: now().toISOString(), level: lvl, event, ...base, ...fields }, jsonSafe));
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger({ write, level, now, fields: { ...base, ...fields } }),
  };
}

function envLevel(): LogLevel {
  const v = process.env.VITRINE_LOG_LEVEL;
  return (LOG_LEVELS as readonly string[]).includes(v ?? '') ? (v as LogLevel) : 'info';
}

/** Errors as { name, message, kind }, non-finite numbers as strings, bigints as strings. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const kind = (value as { kind?: unknown }).kind;
    return { name: value.name, message: value.message, ...(kind === undefined ? {} : { kind }) };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
