/**
 * Product feeds → `Catalogue`: what `vitrine catalogue import` reads. Formats: CSV / TSV (any
 * delimiter; quoted fields with delimiters and line breaks, BOM, CRLF — csv.ts), JSON lines and
 * XML (RSS `<item>` / Atom `<entry>`, feed-xml.ts). Each holds either the common merchant-feed
 * fields (feed-fields.ts) or our own catalogue rows (`itemId`, …): a CSV header naming `itemId`,
 * or a JSON line with an `itemId`, is ours.
 *
 * Every row ends in `acceptCatalogueRow` (the `CatalogueItem` schema, duplicate ids), so a feed
 * row and a row of our own JSONL are held to the same rules, and every row is either kept or
 * counted as bad with its line number. Fields the mapping does not use are listed in the report.
 */
import { type Catalogue, CatalogueBuilder } from './catalogue.ts';
import { acceptCatalogueRow, type CatalogueSink, csvRowToObject } from './catalogue-load.ts';
import { readCsv } from './csv.ts';
import { feedRecordToItem, isKnownFeedField, normaliseFieldName } from './feed-fields.ts';
import { readXmlItems } from './feed-xml.ts';
import { type Line, readJsonLines, readLines } from './lines.ts';
import { type LoadReport, type LoadResult, ReportBuilder } from './report.ts';

export const FEED_FORMATS = ['auto', 'csv', 'tsv', 'jsonl', 'xml'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];
export type ConcreteFeedFormat = Exclude<FeedFormat, 'auto'>;

export interface FeedOptions {
  /** Default `auto`: from the name's extension, else from the content. */
  format?: FeedFormat;
  /** CSV/TSV separator; default: `\t` for TSV, else detected from the header line. */
  delimiter?: string | undefined;
  /** Currency of prices written without one. */
  defaultCurrency?: string | undefined;
  /** Cap on listed bad rows (the count stays exact). */
  maxBadRows?: number;
}

/** The load report plus how the feed was read. */
export interface FeedReport extends LoadReport {
  format: ConcreteFeedFormat;
  /** The CSV/TSV separator used; null for JSONL and XML. */
  delimiter: string | null;
  /** Fields present in the feed that the mapping does not use (e.g. `description`), sorted. */
  ignoredFields: string[];
}

/**
 * The format of a feed: from `name`'s extension, else from its first non-blank character
 * (`<` XML, `{` JSON lines), else CSV.
 *
 * @example
 * detectFeedFormat('products.txt', bytes); // 'tsv' when its header has tabs
 */
export function detectFeedFormat(name: string, bytes: Uint8Array): ConcreteFeedFormat {
  const ext = /\.([a-z]+)$/i.exec(name.split('?')[0] as string)?.[1]?.toLowerCase();
  if (ext === 'xml' || ext === 'rss' || ext === 'atom') return 'xml';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  const head = firstLine(bytes);
  if (ext === 'csv') return 'csv';
  const first = head.trimStart()[0];
  if (first === '<') return 'xml';
  if (first === '{') return 'jsonl';
  return sniffDelimiter(head) === '\t' ? 'tsv' : 'csv';
}

function firstLine(bytes: Uint8Array): string {
  for (const { text } of readLines(bytes.subarray(0, 64 * 1024))) if (text.trim() !== '') return text;
  return '';
}

/**
 * The separator a header line uses: the most frequent of tab, `,`, `;`, `|` outside quotes
 * (a comma on a tie or when none occurs).
 *
 * @example
 * sniffDelimiter('id;title;price'); // ';'
 */
export function sniffDelimiter(header: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) as number)) best = d;
  return best;
}

/**
 * Parses a feed into a catalogue, with a report that accounts for every row.
 *
 * @example
 * const { data, report } = parseFeed(bytes, 'products.xml');
 * console.log(report.format, report.rowsKept, report.rowsBad, report.ignoredFields);
 */
export function parseFeed(
  bytes: Uint8Array,
  source: string,
  options: FeedOptions = {},
): LoadResult<Catalogue, FeedReport> {
  const format =
    !options.format || options.format === 'auto' ? detectFeedFormat(source, bytes) : options.format;
  const sink: CatalogueSink = {
    builder: new CatalogueBuilder(),
    report: new ReportBuilder(source, options.maxBadRows),
  };
  const ignored = new Set<string>();
  const ctx: FeedContext = { sink, source, ignored, options };
  let delimiter: string | null = null;
  if (format === 'jsonl') parseJsonLines(ctx, bytes);
  else if (format === 'xml') parseXml(ctx, bytes);
  else {
    delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : sniffDelimiter(firstLine(bytes)));
    parseDelimited(ctx, bytes, delimiter);
  }
  const report: FeedReport = {
    ...sink.report.finish(),
    format,
    delimiter,
    ignoredFields: [...ignored].sort(),
  };
  return { data: sink.builder.build(), report };
}

interface FeedContext {
  sink: CatalogueSink;
  source: string;
  ignored: Set<string>;
  options: FeedOptions;
}

/** Maps a merchant record (raw names) and accepts it, noting unused fields. */
function acceptMerchant(ctx: FeedContext, raw: Record<string, string>, line: number, text: string): void {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const key = normaliseFieldName(name);
    if (!isKnownFeedField(key)) {
      if (value.trim() !== '') ctx.ignored.add(key);
      continue;
    }
    if (!(key in record)) record[key] = value;
  }
  const item = feedRecordToItem(record, { defaultCurrency: ctx.options.defaultCurrency });
  if (typeof item === 'string') ctx.sink.report.bad(ctx.source, line, item, text);
  else acceptCatalogueRow(ctx.sink, item, ctx.source, line, text);
}

function parseDelimited(ctx: FeedContext, bytes: Uint8Array, delimiter: string): void {
  const { sink, source } = ctx;
  let header: string[] | null = null;
  let ours = false;
  for (const rec of readCsv(bytes, { delimiter })) {
    if (!rec.ok) {
      sink.report.bad(source, rec.line, rec.reason, rec.text);
      continue;
    }
    if (header === null) {
      header = rec.fields.map((f) => f.trim());
      ours = header.includes('itemId');
      if (!ours && !header.map(normaliseFieldName).includes('id')) {
        const why = 'header names no id column (merchant feed: id, title, price, …; Vitrine CSV: itemId, …)';
        sink.report.bad(source, rec.line, why, rec.text);
        return;
      }
      continue;
    }
    if (rec.fields.length !== header.length) {
      const why = `expected ${header.length} fields, got ${rec.fields.length}`;
      sink.report.bad(source, rec.line, why, rec.text);
      continue;
    }
    if (ours) {
      const converted = csvRowToObject(header, rec.fields);
      if (typeof converted === 'string') sink.report.bad(source, rec.line, converted, rec.text);
      else acceptCatalogueRow(sink, converted, source, rec.line, rec.text);
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((name, c) => {
      raw[name] = rec.fields[c] ?? '';
    });
    acceptMerchant(ctx, raw, rec.line, rec.text);
  }
}

function parseJsonLines(ctx: FeedContext, bytes: Uint8Array): void {
  const { sink, source } = ctx;
  const bad = (l: Line, reason: string) => sink.report.bad(source, l.line, reason, l.text);
  for (const { value, line, text } of readJsonLines(bytes, bad)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      sink.report.bad(source, line, 'a line must be a JSON object', text);
    } else if ('itemId' in value) {
      acceptCatalogueRow(sink, value, source, line, text);
    } else {
      acceptMerchant(ctx, jsonFields(value as Record<string, unknown>), line, text);
    }
  }
}

/** JSON values as feed text: numbers as written, `{ value, currency }` prices as "12.99 USD". */
function jsonFields(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v !== null && typeof v === 'object' && 'value' in v && 'currency' in v) {
      const money = v as { value: unknown; currency: unknown };
      out[k] = `${String(money.value)} ${String(money.currency)}`;
    } else if (v !== null && v !== undefined) out[k] = JSON.stringify(v);
  }
  return out;
}

function parseXml(ctx: FeedContext, bytes: Uint8Array): void {
  for (const item of readXmlItems(bytes)) {
    if (!item.ok) ctx.sink.report.bad(ctx.source, item.line, item.reason, item.text);
    else acceptMerchant(ctx, item.fields, item.line, item.text);
  }
}
