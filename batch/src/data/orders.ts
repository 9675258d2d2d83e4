/**
 * An order-history export (CSV: one line per order line — order id, customer id, item id,
 * quantity, timestamp) → purchase interactions, the first data a shop without edge events can
 * train on.
 *
 * Weighting: each order line is one purchase row of weight `EVENT_WEIGHTS.purchase × quantity`
 * (the weight a purchase event carries in the events loader, so order history and later edge
 * events mean the same to the model), with the quantity capped at `maxQuantity`: a bulk order
 * of 500 says the shopper wants the item, not that it matters 500 times more than anything else.
 *
 * Columns are found by header name: configured names first, else well-known ones (`order_id`,
 * `InvoiceNo`, `customer_id`, `sku`, `StockCode`, `qty`, `created_at`, …). A line without a
 * customer (guest checkout) becomes the user `order:<order id>`: one basket is still a signal.
 * Lines with quantity ≤ 0 (returns, cancellations) are counted as skipped, not bad; every other
 * line that cannot be read is a bad row with its line number.
 */
import { EVENT_WEIGHTS } from '#shared/schemas';
import { readCsv } from './csv.ts';
import { parseTimestamp } from './interactions-csv.ts';
import { type LoadReport, type LoadResult, ReportBuilder } from './report.ts';

export const ORDER_FIELDS = ['order', 'customer', 'item', 'quantity', 'timestamp'] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];
export type OrderColumns = Partial<Record<OrderField, string>>;

const KNOWN: Record<OrderField, readonly string[]> = {
  order: [
    'order',
    'orderid',
    'ordernumber',
    'orderno',
    'invoice',
    'invoiceno',
    'transactionid',
    'transaction',
  ],
  customer: ['customer', 'customerid', 'customerno', 'user', 'userid', 'clientid', 'buyerid', 'shopper'],
  item: ['item', 'itemid', 'sku', 'productid', 'product', 'variantid', 'stockcode', 'articleid', 'article'],
  quantity: ['quantity', 'qty', 'units', 'count', 'itemcount'],
  timestamp: [
    'timestamp',
    'date',
    'datetime',
    'time',
    'orderdate',
    'invoicedate',
    'createdat',
    'orderedat',
    'purchasedat',
    'purchasedate',
  ],
};

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** One purchase row. */
export interface OrderRow {
  user: string;
  item: string;
  weight: number;
  /** Epoch ms, or undefined without a timestamp column. */
  ts: number | undefined;
}

export interface OrdersOptions {
  columns?: OrderColumns;
  delimiter?: string;
  /** Quantity above which a line counts as this many units (default 10). */
  maxQuantity?: number;
  maxBadRows?: number;
}

/** The load report plus what an orders export has. */
export interface OrdersReport extends LoadReport {
  /** Header column used for each field (null: absent). */
  columns: Record<OrderField, string | null>;
  orders: number;
  customers: number;
  /** Lines without a customer, kept as `order:<id>`. */
  guestLines: number;
  /** Lines with quantity ≤ 0 (returns, cancellations), skipped. */
  returnLines: number;
}

/**
 * Parses an orders CSV into purchase rows.
 *
 * @example
 * const { data, report } = parseOrdersCsv(bytes, 'orders.csv');
 */
export function parseOrdersCsv(
  bytes: Uint8Array,
  source: string,
  options: OrdersOptions = {},
): LoadResult<OrderRow[], OrdersReport> {
  const report = new ReportBuilder(source, options.maxBadRows);
  const rows: OrderRow[] = [];
  const seen = { orders: new Set<string>(), customers: new Set<string>(), guests: 0, returns: 0 };
  let cols: Record<OrderField, number> | null = null;
  let width = 0;
  const finish = () => {
    const columns = Object.fromEntries(
      ORDER_FIELDS.map((f) => [f, cols && cols[f] >= 0 ? (headerNames[cols[f]] ?? null) : null]),
    ) as Record<OrderField, string | null>;
    const counts = { orders: seen.orders.size, customers: seen.customers.size };
    const extra = { columns, ...counts, guestLines: seen.guests, returnLines: seen.returns };
    return { data: rows, report: { ...report.finish(), ...extra } };
  };
  let headerNames: string[] = [];
  const csv = options.delimiter === undefined ? {} : { delimiter: options.delimiter };
  for (const rec of readCsv(bytes, csv)) {
    if (!rec.ok) {
      report.bad(source, rec.line, rec.reason, rec.text);
      continue;
    }
    if (cols === null) {
      headerNames = rec.fields.map((f) => f.trim());
      const found = findOrderColumns(headerNames, options.columns ?? {});
      if (typeof found === 'string') {
        report.bad(source, rec.line, found, rec.text);
        return finish();
      }
      cols = found;
      width = rec.fields.length;
      continue;
    }
    if (rec.fields.length !== width) {
      report.bad(source, rec.line, `expected ${width} fields, got ${rec.fields.length}`, rec.text);
      continue;
    }
    const row = orderRow(rec.fields, cols, options.maxQuantity ?? 10);
    if (row === 'return') {
      seen.returns++;
      report.skipped();
    } else if (typeof row === 'string') {
      report.bad(source, rec.line, row, rec.text);
    } else {
      if (row.order !== '') seen.orders.add(row.order);
      if (row.guest) seen.guests++;
      else seen.customers.add(row.row.user);
      rows.push(row.row);
      report.kept();
    }
  }
  return finish();
}

type Parsed = { row: OrderRow; order: string; guest: boolean } | 'return' | string;

function orderRow(f: readonly string[], cols: Record<OrderField, number>, maxQuantity: number): Parsed {
  const field = (k: OrderField) => (cols[k] >= 0 ? (f[cols[k]] ?? '').trim() : '');
  const item = field('item');
  if (item === '') return 'empty item id';
  const order = field('order');
  let user = field('customer');
  const guest = user === '';
  if (guest) {
    if (order === '') return 'no customer id and no order id';
    user = `order:${order}`;
  }
  const qText = field('quantity');
  const quantity = qText === '' ? 1 : Number(qText);
  if (!Number.isFinite(quantity)) return `quantity ${JSON.stringify(qText)} is not a number`;
  if (quantity <= 0) return 'return';
  const tText = field('timestamp');
  const ts = tText === '' ? undefined : parseTimestamp(tText, 'auto');
  if (ts !== undefined && Number.isNaN(ts)) return `timestamp ${JSON.stringify(tText)} is not a date`;
  const weight = EVENT_WEIGHTS.purchase * Math.min(quantity, maxQuantity);
  return { row: { user, item, weight, ts }, order, guest };
}

/** Column index per field (-1: absent), or why the header does not do. */
function findOrderColumns(header: string[], wanted: OrderColumns): Record<OrderField, number> | string {
  const names = header.map(norm);
  const out = {} as Record<OrderField, number>;
  for (const field of ORDER_FIELDS) {
    const configured = wanted[field];
    out[field] = configured
      ? names.indexOf(norm(configured))
      : names.findIndex((n) => KNOWN[field].includes(n));
    if (configured && out[field] < 0) return `header lacks the ${field} column ${JSON.stringify(configured)}`;
  }
  for (const field of ['item', 'customer'] as const) {
    if (out[field] < 0) {
      return (
        `header names no ${field} column (looked for ${KNOWN[field].join(', ')}; ` +
        `or name it with --${field}-column)`
      );
    }
  }
  return out;
}
