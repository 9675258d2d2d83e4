/**
 * `vitrine compact-events`: the edge's NDJSON event files → Parquet (validated once), so loads
 * aggregate with DuckDB instead of parsing JSON. Incremental: run it hourly, or once to switch a
 * store over (every later pipeline load then compacts what is new first; data/parquet/engine.ts).
 */
import { z } from 'zod';
import { compactEvents } from '../../data/parquet/compact.ts';
import { formatReport } from '../../data/report.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';

export const CompactEventsOptions = z.object({
  data: z.string().min(1).default('file://.vitrine/shop').describe('store the edge writes events to'),
  prefix: z.string().min(1).default('events/').describe('key prefix of the NDJSON event files'),
});

export const compactEventsCommand = defineCommand({
  name: 'compact-events',
  summary: 'compact the edge NDJSON events into Parquet for the DuckDB loader',
  examples: [
    'vitrine compact-events --data file://.vitrine/shop',
    'vitrine compact-events --data "s3://shop/vitrine?endpoint=…&region=auto&pathStyle=true"',
  ],
  options: CompactEventsOptions,
  async run(options, ctx) {
    const started = performance.now();
    const { report } = await compactEvents(openStore(options.data), { prefix: options.prefix });
    ctx.log.info('events.compacted', {
      files: report.files,
      alreadyCompacted: report.filesAlreadyCompacted,
      parquetFiles: report.parquetFiles,
      parquetBytes: report.parquetBytes,
      ndjsonBytes: report.ndjsonBytes,
      ms: Math.round(performance.now() - started),
    });
    if (report.rowsBad > 0) ctx.log.warn('events.rejected', { summary: formatReport(report) });
    ctx.print(`${JSON.stringify({ ...report, badRows: report.badRows.slice(0, 20) }, null, 2)}\n`);
    return 0;
  },
});
