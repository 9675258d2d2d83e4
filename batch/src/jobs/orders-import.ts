/**
 * `vitrine import orders`: an orders export → an interactions CSV the pipeline trains on
 * (`userId,itemId,weight,timestamp`, read by data/interactions-csv.ts as format `csv`), with the
 * same bad-row threshold as every loader: above it nothing is written.
 */
import type { LoadConfig } from '#shared/schemas';
import { csvField } from '../data/csv.ts';
import { sniffDelimiter } from '../data/feed.ts';
import { readLines } from '../data/lines.ts';
import { type OrderColumns, type OrderRow, type OrdersReport, parseOrdersCsv } from '../data/orders.ts';
import { enforceBadRowLimits } from '../data/thresholds.ts';
import type { JobContext } from '../observe/index.ts';
import { openStore } from '../storage/open.ts';
import { splitUri } from './inputs.ts';

/** The header of what the import writes: the interactions CSV columns the loader detects. */
export const INTERACTIONS_HEADER = 'userId,itemId,weight,timestamp';

export interface OrdersImportOptions {
  /** The orders export: a path or URI of one CSV file. */
  input: string;
  /** Where the interactions CSV goes: a path or URI of one file. */
  out: string;
  columns: OrderColumns;
  maxQuantity: number;
  load: LoadConfig;
}

export interface OrdersImportSummary {
  out: string;
  interactions: number;
  users: number;
  items: number;
  /** Earliest and latest order time (ISO), null without timestamps. */
  from: string | null;
  to: string | null;
  report: OrdersReport;
}

/**
 * Reads, checks and converts an orders export, writing the interactions CSV.
 *
 * @throws AppError('corrupt') when the export's bad lines are above the load limits.
 * @example
 * await importOrders({ input: './orders.csv', out: '.vitrine/shop/interactions.csv', columns: {}, maxQuantity: 10, load }, ctx);
 */
export async function importOrders(
  options: OrdersImportOptions,
  ctx: JobContext,
): Promise<OrdersImportSummary> {
  const source = splitUri(options.input);
  const bytes = await openStore(source.storeUri).get(source.key);
  let delimiter = options.load.delimiter;
  if (delimiter === undefined)
    for (const { text } of readLines(bytes.subarray(0, 65536))) {
      delimiter = sniffDelimiter(text);
      break;
    }
  const { data, report } = parseOrdersCsv(bytes, source.key, {
    columns: options.columns,
    maxQuantity: options.maxQuantity,
    ...(delimiter === undefined ? {} : { delimiter }),
  });
  const { badRows: _listed, ...counts } = report;
  ctx.log.info('orders.report', { ...counts, badRows: report.badRows.length });
  enforceBadRowLimits(report, options.load);
  const target = splitUri(options.out);
  const out = openStore(target.storeUri);
  await out.put(target.key, interactionsCsv(data), { contentType: 'text/csv' });
  const times = data.map((r) => r.ts).filter((t): t is number => t !== undefined);
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  ctx.log.info('orders.written', { out: `${out.uri}/${target.key}`, rows: data.length });
  return {
    out: `${out.uri}/${target.key}`,
    interactions: data.length,
    users: new Set(data.map((r) => r.user)).size,
    items: new Set(data.map((r) => r.item)).size,
    from: iso(times.length === 0 ? undefined : times.reduce((a, b) => Math.min(a, b))),
    to: iso(times.length === 0 ? undefined : times.reduce((a, b) => Math.max(a, b))),
    report,
  };
}

/** The rows as an interactions CSV (timestamps as ISO 8601, empty when unknown). */
export function interactionsCsv(rows: readonly OrderRow[]): Uint8Array {
  const lines = [INTERACTIONS_HEADER];
  for (const r of rows) {
    const ts = r.ts === undefined ? '' : new Date(r.ts).toISOString();
    lines.push(`${csvField(r.user)},${csvField(r.item)},${r.weight},${ts}`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
