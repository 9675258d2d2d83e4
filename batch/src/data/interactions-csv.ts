/**
 * Interactions from CSV: a generic `user,item[,weight][,timestamp]` reader and the MovieLens
 * `ratings.csv` preset built on it.
 *
 * Header detection: when column names are configured, the first record must be a header that
 * contains them. Otherwise the first record is taken as a header if any of its fields is a
 * well-known column name (`userId`, `item_id`, `rating`, `timestamp`, …), and columns are found by
 * those names; if none matches, the file has no header and columns are positional
 * (user, item, weight, timestamp).
 *
 * Timestamps: numbers are epoch seconds or milliseconds (`timestampUnit`; `auto` takes values
 * below 1e11 as seconds — 1e11 s is year 5138, 1e11 ms is 1973), anything else is parsed with
 * `Date.parse` (ISO 8601). Stored as epoch ms.
 */
import type { BlobStore } from '#shared/storage';
import { readCsv } from './csv.ts';
import { InteractionBuilder, type InteractionSet } from './interactions.ts';
import { type LoadResult, ReportBuilder } from './report.ts';
import { resolveStore } from './source.ts';

/** Column names to look up in the header (any omitted one is auto-detected or absent). */
export interface CsvColumns {
  user?: string;
  item?: string;
  weight?: string;
  timestamp?: string;
}

export interface InteractionsCsvOptions {
  /** Header names of the columns; setting any of them makes a header mandatory. */
  columns?: CsvColumns;
  /** `'auto'` (default) detects a header; `true` requires one; `false` means positional columns. */
  header?: 'auto' | boolean;
  delimiter?: string;
  /** How to read numeric timestamps (default `'auto'`). */
  timestampUnit?: 'auto' | 's' | 'ms';
  /** Weight of rows without a weight column or with an empty weight field (default 1). */
  defaultWeight?: number;
  /** Inclusive range a weight must fall in; rows outside it are bad (default: any finite number). */
  weightRange?: readonly [number, number];
  /** Continue an existing builder (to merge several files into one index space). */
  builder?: InteractionBuilder;
  /** Label used in the report (defaults to the key). */
  source?: string;
  /** Cap on listed bad rows (count stays exact). */
  maxBadRows?: number;
}

const KNOWN: Record<keyof CsvColumns, readonly string[]> = {
  user: ['user', 'userid', 'uid', 'customer', 'customerid', 'visitor', 'visitorid', 'shopper'],
  item: ['item', 'itemid', 'movieid', 'product', 'productid', 'sku', 'article', 'articleid'],
  weight: ['weight', 'rating', 'score', 'value', 'count', 'quantity', 'strength'],
  timestamp: ['timestamp', 'ts', 'time', 'date', 'datetime', 'eventtime', 'createdat'],
};

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

interface ColumnIndex {
  user: number;
  item: number;
  weight: number; // -1: absent
  timestamp: number; // -1: absent
}

/**
 * Parses interactions from CSV bytes.
 *
 * @example
 * const { data, report } = parseInteractionsCsv(bytes, { source: 'clicks.csv' });
 */
export function parseInteractionsCsv(
  bytes: Uint8Array,
  options: InteractionsCsvOptions = {},
): LoadResult<InteractionSet> {
  const source = options.source ?? 'interactions.csv';
  const report = new ReportBuilder(source, options.maxBadRows);
  const builder = options.builder ?? new InteractionBuilder();
  const rules: RowRules = {
    defaultWeight: options.defaultWeight ?? 1,
    unit: options.timestampUnit ?? 'auto',
    range: options.weightRange,
  };
  const configured = options.columns !== undefined && Object.values(options.columns).some((c) => c);
  const headerMode = configured ? true : (options.header ?? 'auto');

  let cols: ColumnIndex | null = headerMode === false ? { user: 0, item: 1, weight: 2, timestamp: 3 } : null;
  let width = 0;
  for (const rec of readCsv(bytes, options.delimiter === undefined ? {} : { delimiter: options.delimiter })) {
    if (cols === null) {
      // First record decides about the header.
      const found = rec.ok ? findColumns(rec.fields, options.columns ?? {}) : null;
      if (found !== null && typeof found !== 'string') {
        cols = found;
        width = rec.ok ? rec.fields.length : 0;
        continue;
      }
      if (headerMode === true) {
        // A file without the configured columns is the wrong file, not a bad row: stop here,
        // with the reason in the report.
        report.bad(source, rec.line, typeof found === 'string' ? found : 'expected a header row', rec.text);
        return { data: builder.build(), report: report.finish() };
      }
      cols = { user: 0, item: 1, weight: 2, timestamp: 3 };
      if (typeof found === 'string') {
        report.bad(source, rec.line, `${found}; reading columns by position`, rec.text);
        continue;
      }
    }
    if (!rec.ok) {
      report.bad(source, rec.line, rec.reason, rec.text);
      continue;
    }
    const problem = addRow(rec.fields, cols, width, rules, builder);
    if (problem === null) report.kept();
    else report.bad(source, rec.line, problem, rec.text);
  }
  return { data: builder.build(), report: report.finish() };
}

interface RowRules {
  defaultWeight: number;
  unit: 'auto' | 's' | 'ms';
  range: readonly [number, number] | undefined;
}

/**
 * Adds one data record to `builder`, or returns why it is bad (the row is then not added).
 * `width` > 0: the header's field count, which every record must have.
 */
function addRow(
  f: readonly string[],
  cols: ColumnIndex,
  width: number,
  rules: RowRules,
  builder: InteractionBuilder,
): string | null {
  const need = Math.max(cols.user, cols.item) + 1;
  if (width > 0 ? f.length !== width : f.length < need) {
    return `expected ${width > 0 ? width : `at least ${need}`} fields, got ${f.length}`;
  }
  const user = (f[cols.user] ?? '').trim();
  const item = (f[cols.item] ?? '').trim();
  if (user === '' || item === '') return user === '' ? 'empty user id' : 'empty item id';
  let weight = rules.defaultWeight;
  const wText = cols.weight >= 0 ? (f[cols.weight] ?? '').trim() : '';
  if (wText !== '') {
    weight = Number(wText);
    if (!Number.isFinite(weight)) return `weight ${JSON.stringify(wText)} is not a number`;
  }
  const range = rules.range;
  if (range !== undefined && (weight < range[0] || weight > range[1])) {
    return `weight ${weight} outside [${range[0]}, ${range[1]}]`;
  }
  const tText = cols.timestamp >= 0 ? (f[cols.timestamp] ?? '').trim() : '';
  let ts: number | undefined;
  if (tText !== '') {
    ts = parseTimestamp(tText, rules.unit);
    if (Number.isNaN(ts)) return `timestamp ${JSON.stringify(tText)} is not a date`;
  }
  builder.add(user, item, weight, ts);
  return null;
}

/**
 * Reads an interactions CSV from a store (or store URI) and parses it.
 *
 * @example
 * const { data, report } = await loadInteractionsCsv('file://data', 'clicks.csv', { timestampUnit: 'ms' });
 */
export async function loadInteractionsCsv(
  store: BlobStore | string,
  key: string,
  options: InteractionsCsvOptions = {},
): Promise<LoadResult<InteractionSet>> {
  const bytes = await resolveStore(store).get(key);
  return parseInteractionsCsv(bytes, { source: key, ...options });
}

/** MovieLens `ratings.csv`: `userId,movieId,rating,timestamp` (seconds), ratings 0.5–5. */
export const MOVIELENS_OPTIONS: InteractionsCsvOptions = {
  columns: { user: 'userId', item: 'movieId', weight: 'rating', timestamp: 'timestamp' },
  timestampUnit: 's',
  weightRange: [0.5, 5],
};

/**
 * Parses a MovieLens `ratings.csv` (ml-latest-small and friends).
 *
 * @example
 * const { data } = parseMovieLensRatings(readFileSync(path), 'ratings.csv');
 */
export function parseMovieLensRatings(bytes: Uint8Array, source = 'ratings.csv'): LoadResult<InteractionSet> {
  return parseInteractionsCsv(bytes, { ...MOVIELENS_OPTIONS, source });
}

/**
 * Loads a MovieLens `ratings.csv` from a store or URI.
 *
 * @example
 * const { data, report } = await loadMovieLensRatings('file://../shared/data/ml-latest-small', 'ratings.csv');
 */
export async function loadMovieLensRatings(
  store: BlobStore | string,
  key = 'ratings.csv',
): Promise<LoadResult<InteractionSet>> {
  return parseMovieLensRatings(await resolveStore(store).get(key), key);
}

/** Epoch ms of a CSV timestamp field, `NaN` when it is not one. */
export function parseTimestamp(text: string, unit: 'auto' | 's' | 'ms'): number {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const x = Number(text);
    if (unit === 's' || (unit === 'auto' && Math.abs(x) < 1e11)) return x * 1000;
    return x;
  }
  return Date.parse(text);
}

/**
 * Column positions from a header, `null` when the record does not look like a header, or an
 * error message when configured names are missing.
 */
function findColumns(fields: string[], wanted: CsvColumns): ColumnIndex | string | null {
  const names = fields.map((f) => norm(f.trim()));
  const find = (key: keyof CsvColumns): number => {
    const configured = wanted[key];
    if (configured) return names.indexOf(norm(configured));
    return names.findIndex((n) => KNOWN[key].includes(n));
  };
  const found = {
    user: find('user'),
    item: find('item'),
    weight: find('weight'),
    timestamp: find('timestamp'),
  };
  const missing = (Object.keys(wanted) as (keyof CsvColumns)[]).filter((k) => wanted[k] && found[k] < 0);
  if (missing.length > 0) {
    return `header lacks column(s) ${missing.map((k) => JSON.stringify(wanted[k])).join(', ')}`;
  }
  if (found.user < 0 && found.item < 0 && found.weight < 0 && found.timestamp < 0) return null;
  if (found.user < 0 || found.item < 0) return 'header names no user or no item column';
  return found;
}
