/**
 * Structured logs for batch jobs and the CLI, on stderr so stdout stays free for a command's
 * actual output. Two formats of the same lines:
 * - `json` (default when stderr is not a terminal: a batch scheduler, `jq`): one object a line,
 *   {"ts":"2026-11-29T10:00:00.000Z","level":"info","event":"train.sweep",...fields};
 * - `human` (default on a terminal): `10:00:00 info  train.sweep iteration=3 seconds=1.2`, numbers
 *   to 4 significant digits, written above any progress bar instead of glued to it.
 * `VITRINE_LOG_LEVEL` (debug | info | warn | error) sets the minimum level (default info);
 * `VITRINE_LOG_FORMAT` (json | human), or the CLI's `--log-format`, overrides the format.
 */
import { writeAbove } from './terminal.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export const LOG_FORMATS = ['json', 'human'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. { command: 'train' }). */
  child(fields: LogFields): Logger;
  /** How its lines look: callers that also write plain text (the CLI's usage errors) follow it. */
  readonly format: LogFormat;
}

export interface LoggerOptions {
  /** Receives each finished line without its newline (default: process.stderr). */
  write?: (line: string) => void;
  level?: LogLevel;
  /** Default: VITRINE_LOG_FORMAT, else `human` on a terminal and `json` elsewhere. */
  format?: LogFormat;
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
  const write = options.write ?? ((line: string) => writeAbove(process.stderr, line));
  const format = options.format ?? envFormat(options.write === undefined && process.stderr.isTTY === true);
  const level = options.level ?? envLevel();
  const min = LOG_LEVELS.indexOf(level);
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit =
    (lvl: LogLevel) =>
    (event: string, fields: LogFields = {}) => {
      if (LOG_LEVELS.indexOf(lvl) < min) return;
      const line = { ts: now().toISOString(), level: lvl, event, ...base, ...fields };
      write(format === 'json' ? JSON.stringify(line, jsonSafe) : humanLine(line));
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger({ write, level, format, now, fields: { ...base, ...fields } }),
    format,
  };
}

function envFormat(tty: boolean): LogFormat {
  const v = process.env.VITRINE_LOG_FORMAT;
  if ((LOG_FORMATS as readonly string[]).includes(v ?? '')) return v as LogFormat;
  return tty ? 'human' : 'json';
}

/** `HH:MM:SS level event key=value …`, values as in the JSON form but numbers rounded for reading. */
function humanLine({
  ts,
  level,
  event,
  ...fields
}: { ts: string; level: LogLevel; event: string } & LogFields) {
  const parts = Object.entries(fields).map(([key, value]) => {
    // An error reads as its message (and kind); the JSON form keeps the structured object.
    if (value instanceof Error) return `${key}=${errorText(value)}`;
    const safe = jsonSafe(key, value);
    const shown =
      typeof safe === 'number' && !Number.isInteger(safe) ? String(Number(safe.toPrecision(4))) : safe;
    return `${key}=${typeof shown === 'string' ? shown : JSON.stringify(shown, jsonSafe)}`;
  });
  return [ts.slice(11, 19), level.padEnd(5), event, ...parts].join(' ');
}

/** A typed error (it has a `kind`, logged beside it) by its message; any other with its class. */
function errorText(error: Error): string {
  return (error as { kind?: unknown }).kind === undefined ? `${error.name}: ${error.message}` : error.message;
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
