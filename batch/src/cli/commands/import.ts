/**
 * `vitrine import orders <orders.csv>`: options and wiring only; the work is jobs/orders-import.ts.
 */
import { z } from 'zod';
import { importOrders } from '../../jobs/orders-import.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';

const column = (what: string) =>
  z.string().min(1).optional().describe(`header of the ${what} column (default: detected by name)`);

export const ImportOrdersOptions = z.object({
  input: z.string().min(1).describe('the orders export: a path or URI of a CSV file with a header row'),
  out: z
    .string()
    .min(1)
    .describe('interactions CSV to write (path or URI): what `vitrine pipeline --data` then trains on'),
  orderColumn: column('order id'),
  customerColumn: column('customer id'),
  itemColumn: column('item id (SKU)'),
  quantityColumn: column('quantity'),
  timestampColumn: column('order time'),
  maxQuantity: z.coerce
    .number()
    .positive()
    .default(10)
    .describe('a line weighs purchase weight × min(quantity, this): bulk orders do not drown the rest'),
  showErrors: z.coerce.number().int().min(0).default(10).describe('bad lines listed in the output'),
  ...configGroups('load'),
});

export const importOrdersCommand = defineCommand({
  name: 'import orders',
  summary: 'turn an orders export (CSV) into purchase interactions for a first model',
  description:
    'One line per order line: order id, customer id, item id, quantity, timestamp (columns found by name, or\n' +
    'named with --*-column). Each line becomes a purchase of weight 8 × min(quantity, --max-quantity); a line\n' +
    'without a customer (guest checkout) counts as the user order:<order id>; quantity ≤ 0 (returns) is skipped\n' +
    'and counted. Bad lines are reported with their line numbers; above --max-bad-fraction nothing is written.',
  examples: [
    'vitrine import orders ./orders.csv --out .vitrine/shop/interactions.csv',
    'vitrine import orders ./export.csv --out .vitrine/shop/interactions.csv --delimiter ";" --customer-column Kundennummer',
  ],
  options: ImportOrdersOptions,
  positional: 'input',
  async run(options, ctx) {
    const summary = await importOrders(
      {
        input: options.input,
        out: options.out,
        columns: {
          order: options.orderColumn,
          customer: options.customerColumn,
          item: options.itemColumn,
          quantity: options.quantityColumn,
          timestamp: options.timestampColumn,
        },
        maxQuantity: options.maxQuantity,
        load: options.load,
      },
      ctx,
    );
    const { report, ...rest } = summary;
    const listed = report.badRows.slice(0, options.showErrors);
    const out = {
      ...rest,
      columns: report.columns,
      orders: report.orders,
      guestLines: report.guestLines,
      rows: {
        read: report.rowsRead,
        kept: report.rowsKept,
        bad: report.rowsBad,
        returns: report.returnLines,
      },
      badRows: listed.map((b) => `${b.source}:${b.line}: ${b.reason}`),
      moreBadRows: report.rowsBad - listed.length,
    };
    ctx.print(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
});
