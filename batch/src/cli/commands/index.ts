/**
 * `vitrine index`: build the IVF index of a trained run and report its shape and measured
 * recall, without publishing (for tuning --nlist, --dtype, --shard-ki-b). `--out` keeps the blobs
 * and the manifest sections (index.json) in a store. Options and wiring only; the work is
 * jobs/build-index.ts.
 */
import { z } from 'zod';
import { indexJob } from '../../jobs/build-index.ts';
import { readTrainedRun } from '../../jobs/trained-run.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';

export const IndexOptions = z.object({
  run: z
    .string()
    .min(1)
    .describe('store URI of a training run (model/, items.jsonl from vitrine train --out)'),
  out: z
    .string()
    .min(1)
    .optional()
    .describe('store to keep the blobs and index.json in (default: measure only)'),
  ...configGroups('index'),
});

export const indexCommand = defineCommand({
  name: 'index',
  summary: 'build the IVF index of a trained run and report lists, shard sizes and recall@10 per nprobe',
  examples: ['vitrine index --run file://.vitrine/run --dtype int8 --nlist 256'],
  options: IndexOptions,
  async run(options, ctx) {
    const result = await indexJob(
      {
        run: await readTrainedRun(openStore(options.run)),
        index: options.index,
        out: options.out === undefined ? undefined : openStore(options.out),
      },
      ctx,
    );
    ctx.print(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  },
});
