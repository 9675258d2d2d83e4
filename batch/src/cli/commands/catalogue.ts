/**
 * `vitrine catalogue import <feed>`: options and wiring only; the work is jobs/catalogue-import.ts.
 */
import { z } from 'zod';
import { Currency } from '#shared/schemas';
import { FEED_FORMATS } from '../../data/feed.ts';
import { importCatalogue } from '../../jobs/catalogue-import.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';

export const CatalogueImportOptions = z.object({
  input: z
    .string()
    .min(1)
    .describe(
      'the product feed: a path or URI (file://, s3://) of a CSV, TSV, JSON-lines or XML (RSS/Atom) file',
    ),
  format: z
    .enum(FEED_FORMATS)
    .default('auto')
    .describe('auto: from the extension (.csv .tsv .txt .jsonl .xml), else from the content'),
  store: z
    .string()
    .min(1)
    .default('file://.vitrine/store')
    .describe('model store to publish the catalogue to (the pipeline --store); a path or URI'),
  currency: Currency.optional().describe('currency of prices written without one ("12.99")'),
  dryRun: z.boolean().default(false).describe('check the feed and report; publish nothing'),
  showErrors: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('bad rows listed in the output (the count of the rest is always given)'),
  ...configGroups('load'),
});

export const catalogueImportCommand = defineCommand({
  name: 'catalogue import',
  summary:
    'normalise a product feed (merchant CSV/TSV/JSONL/XML or our JSONL) and publish it for the pipeline',
  description:
    'Reads the common merchant-feed fields (id, title, link, image_link, price "12.99 USD", sale_price,\n' +
    'availability, brand, product_type "A > B > C", google_product_category, custom_label_0..4) or our own\n' +
    'catalogue rows (itemId, …), checks every row with the catalogue schema, and reports each bad row with its\n' +
    'line. Above --max-bad-fraction / --max-bad-rows nothing is published (exit 1). Otherwise the normalised\n' +
    'catalogue becomes a content-addressed blob of --store named by catalogues/current.json; `vitrine pipeline`\n' +
    'without --catalogue trains with it and publishes it with the model.',
  examples: [
    'vitrine catalogue import ./products.xml --store .vitrine/store',
    'vitrine catalogue import ./products.txt --format tsv --currency EUR',
    'vitrine catalogue import s3://shop/feeds/products.csv?endpoint=… --delimiter ";" --store s3://shop/models',
  ],
  options: CatalogueImportOptions,
  positional: 'input',
  async run(options, ctx) {
    const summary = await importCatalogue(
      {
        input: options.input,
        format: options.format,
        store: options.store,
        defaultCurrency: options.currency,
        load: options.load,
        dryRun: options.dryRun,
      },
      ctx,
    );
    const { report } = summary;
    const listed = report.badRows.slice(0, options.showErrors);
    const out = {
      published: summary.published,
      catalogue: summary.catalogue,
      items: summary.items,
      categories: summary.categories,
      currencies: summary.currencies,
      format: report.format,
      delimiter: report.delimiter,
      rows: { read: report.rowsRead, kept: report.rowsKept, bad: report.rowsBad },
      badRows: listed.map((b) => `${b.source}:${b.line}: ${b.reason}`),
      moreBadRows: report.rowsBad - listed.length,
      ignoredFields: report.ignoredFields,
    };
    ctx.print(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  },
});
