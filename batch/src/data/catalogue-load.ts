/**
 * Catalogue loaders: JSON lines (one `CatalogueItem` per line) or CSV with a header
 * (`itemId,title,category,categoryId,brand,price,currency,imageUrl,url,tags,available`; category
 * a path `A > B > C`, tags separated by `|`, any other column a custom attribute), from one key or from every `.jsonl`/`.csv` part under a prefix (the synthetic generator
 * writes `catalogue/part-00000.jsonl`, …).
 *
 * Every row goes through the zod `CatalogueItem` schema; a row that fails, or repeats an item id
 * already loaded, is reported with its line number and left out.
 */
import { CatalogueItem, issueText } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type Catalogue, CatalogueBuilder } from './catalogue.ts';
import { readCsv } from './csv.ts';
import { type Line, readJsonLines } from './lines.ts';
import { type LoadResult, ReportBuilder } from './report.ts';
import { resolveStore } from './source.ts';

export type CatalogueFormat = 'jsonl' | 'csv';

export interface CatalogueOptions {
  /** Format of every file; by default taken from each key's extension (`.csv` → CSV, else JSONL). */
  format?: CatalogueFormat;
  /** Cap on listed bad rows (count stays exact). */
  maxBadRows?: number;
  /** CSV field separator (default `,`). */
  delimiter?: string | undefined;
}

/** Context shared while several files (or a feed's rows) feed one catalogue. */
export interface CatalogueSink {
  builder: CatalogueBuilder;
  report: ReportBuilder;
}
type Sink = CatalogueSink;

/**
 * Parses one catalogue file's bytes.
 *
 * @example
 * const { data, report } = parseCatalogue(bytes, 'jsonl', 'items.jsonl');
 */
export function parseCatalogue(
  bytes: Uint8Array,
  format: CatalogueFormat,
  source = `catalogue.${format}`,
  options: Pick<CatalogueOptions, 'maxBadRows' | 'delimiter'> = {},
): LoadResult<Catalogue> {
  const sink: Sink = {
    builder: new CatalogueBuilder(),
    report: new ReportBuilder(source, options.maxBadRows),
  };
  parseInto(sink, bytes, format, source, options.delimiter);
  return { data: sink.builder.build(), report: sink.report.finish() };
}

/**
 * Loads a catalogue from `keyOrPrefix`: that one blob, or — when it ends with `/` — every
 * `.jsonl`, `.ndjson`, `.json` or `.csv` blob under it, in key order.
 *
 * @example
 * const { data, report } = await loadCatalogue('file://.vitrine/store', 'catalogue/');
 */
export async function loadCatalogue(
  store: BlobStore | string,
  keyOrPrefix: string,
  options: CatalogueOptions = {},
): Promise<LoadResult<Catalogue>> {
  const blobs = resolveStore(store);
  const keys = keyOrPrefix.endsWith('/')
    ? (await blobs.list(keyOrPrefix)).map((b) => b.key).filter((k) => /\.(jsonl|ndjson|json|csv)$/i.test(k))
    : [keyOrPrefix];
  const sink: Sink = {
    builder: new CatalogueBuilder(),
    report: new ReportBuilder(keyOrPrefix, options.maxBadRows),
  };
  for (const key of keys) {
    const format = options.format ?? (/\.csv$/i.test(key) ? 'csv' : 'jsonl');
    parseInto(sink, await blobs.get(key), format, key, options.delimiter);
  }
  return { data: sink.builder.build(), report: sink.report.finish() };
}

function parseInto(
  sink: Sink,
  bytes: Uint8Array,
  format: CatalogueFormat,
  source: string,
  delimiter: string | undefined,
): void {
  if (format === 'jsonl') {
    const bad = (l: Line, reason: string) => sink.report.bad(source, l.line, reason, l.text);
    for (const { value, line, text } of readJsonLines(bytes, bad))
      acceptCatalogueRow(sink, value, source, line, text);
    return;
  }
  let header: string[] | null = null;
  for (const rec of readCsv(bytes, delimiter === undefined ? {} : { delimiter })) {
    if (!rec.ok) {
      sink.report.bad(source, rec.line, rec.reason, rec.text);
      continue;
    }
    if (header === null) {
      header = rec.fields.map((f) => f.trim());
      if (!header.includes('itemId')) {
        sink.report.bad(source, rec.line, 'CSV header must name at least itemId', rec.text);
        return;
      }
      continue;
    }
    if (rec.fields.length !== header.length) {
      sink.report.bad(
        source,
        rec.line,
        `expected ${header.length} fields, got ${rec.fields.length}`,
        rec.text,
      );
      continue;
    }
    const converted = csvRowToObject(header, rec.fields);
    if (typeof converted === 'string') {
      sink.report.bad(source, rec.line, converted, rec.text);
      continue;
    }
    acceptCatalogueRow(sink, converted, source, rec.line, rec.text);
  }
}

/**
 * Validates one raw row with `CatalogueItem` and adds it, or reports it (with its line) as bad:
 * a schema failure or a repeated item id. Every loader of catalogue rows goes through here.
 */
export function acceptCatalogueRow(
  sink: Sink,
  raw: unknown,
  source: string,
  line: number,
  text: string,
): void {
  const parsed = CatalogueItem.safeParse(raw);
  if (!parsed.success) {
    sink.report.bad(source, line, issueText(parsed.error), text);
    return;
  }
  if (sink.builder.has(parsed.data.itemId)) {
    sink.report.bad(source, line, `duplicate itemId ${JSON.stringify(parsed.data.itemId)}`, text);
    return;
  }
  sink.builder.add(parsed.data);
  sink.report.kept();
}

/** Turns CSV text fields into the JSON shape the schema checks; a message when a field cannot be. */
export function csvRowToObject(header: string[], fields: string[]): Record<string, unknown> | string {
  const out: Record<string, unknown> = {};
  for (let c = 0; c < header.length; c++) {
    const name = header[c]!;
    const value = (fields[c] ?? '').trim();
    if (value === '') continue; // empty = absent (schema defaults apply)
    switch (name) {
      case 'price': {
        const x = Number(value);
        if (!Number.isFinite(x)) return `${name}: ${JSON.stringify(value)} is not a number`;
        out[name] = x;
        break;
      }
      case 'available': {
        const v = value.toLowerCase();
        if (['true', '1', 'yes', 'y'].includes(v)) out[name] = true;
        else if (['false', '0', 'no', 'n'].includes(v)) out[name] = false;
        else return `available: ${JSON.stringify(value)} is not a boolean`;
        break;
      }
      case 'tags':
        out[name] = value
          .split('|')
          .map((t) => t.trim())
          .filter((t) => t !== '');
        break;
      case 'itemId':
      case 'title':
      case 'category':
      case 'categoryId':
      case 'brand':
      case 'currency':
      case 'imageUrl':
      case 'url':
        out[name] = value;
        break;
      default: {
        // Any other column is a custom attribute: a number when it reads as one.
        const attributes = (out.attributes ?? {}) as Record<string, string | number>;
        const x = Number(value);
        attributes[name] = Number.isFinite(x) ? x : value;
        out.attributes = attributes;
      }
    }
  }
  return out;
}
