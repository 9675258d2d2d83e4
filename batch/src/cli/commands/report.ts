/**
 * `vitrine report`: a self-contained HTML report of the model store (offline quality over
 * versions, CTR, coverage, diversity, the holdout uplift), written locally and to the bucket.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { buildReport, publishReport } from '../../metrics/report/build.ts';
import { redactUri } from '../../pipeline/inputs.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

export const ReportOptions = z.object({
  store: z.string().min(1).default('file://.vitrine/store').describe('model store the edge reads'),
  data: z
    .string()
    .min(1)
    .optional()
    .describe(
      'store the edge writes events to: compute and store a fresh metrics run first (default: use the stored runs)',
    ),
  out: z.string().min(1).default('.vitrine/report.html').describe('local path of the HTML file'),
  upload: z.boolean().default(true).describe('also put it into the model store as reports/report.html'),
});

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write an HTML report: quality over versions, CTR, coverage, diversity, holdout uplift',
  examples: [
    'vitrine report --store file://.vitrine/store --data file://.vitrine/shop',
    'vitrine report --out var/report.html --no-upload',
  ],
  options: ReportOptions,
  async run(options, ctx) {
    const models = openStore(options.store);
    const built = await buildReport(models, {
      ...(options.data === undefined ? {} : { events: openStore(options.data) }),
      storeLabel: redactUri(options.store),
    });
    const out = resolve(options.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, built.html);
    const uploaded = options.upload ? await publishReport(models, built.html) : null;
    ctx.log.info('report.written', { out, uploaded, runs: built.runs, versions: built.versions });
    const fresh = built.fresh === null ? null : { key: built.fresh.key, totals: built.fresh.metrics.totals };
    ctx.print(
      `${JSON.stringify({ out, uploaded, runs: built.runs, versions: built.versions, fresh }, null, 2)}\n`,
    );
    return 0;
  },
});
