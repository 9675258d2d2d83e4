/**
 * `vitrine train`: options and wiring only; the work is in jobs/train-mf.ts.
 */
import { z } from 'zod';
import { trainJob } from '../../jobs/train-mf.ts';
import { DATA_FORMATS, resolveFormat } from '../../pipeline/inputs.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';
import { EvalUsersOption } from '../options.ts';

export const TrainOptions = z.object({
  data: z
    .string()
    .min(1)
    .describe(
      'interactions URI: a file (file:///d/ratings.csv, s3://bucket/key) or, for events, the store the edge writes to',
    ),
  format: z
    .enum(DATA_FORMATS)
    .default('auto')
    .describe(
      'interactions format: csv (user,item[,weight][,timestamp]), movielens ratings.csv, or event NDJSON under events/;\n' +
        'auto (as pipeline): *.csv with a userId,movieId header = movielens, other *.csv = csv, else events',
    ),
  catalogue: z
    .string()
    .min(1)
    .optional()
    .describe(
      'item catalogue URI (.jsonl/.csv file, or a prefix ending in /): enables side features for cold-start items',
    ),
  test: z
    .string()
    .min(1)
    .optional()
    .describe(
      'a ready-made test split (path or URI, format as --data): evaluated on instead of a hold-out of --data;\n' +
        'the saved model is trained on all of --data (test rows with users/items unknown to it are counted, left out)',
    ),
  out: z.string().min(1).describe('output store URI: receives model/, items.jsonl and metrics.json'),
  binary: z
    .boolean()
    .default(false)
    .describe('treat every interaction as weight 1 (ignore ratings / event weights)'),
  evaluate: z
    .boolean()
    .default(true)
    .describe('hold out a split, train on the rest and report metrics beside popularity'),
  refit: z
    .boolean()
    .default(true)
    .describe('after evaluating, retrain on all interactions for the saved model'),
  evalUsers: EvalUsersOption,
  ...configGroups('mf', 'eval', 'load'),
});

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'train the iALS recommender, evaluate it beside popularity, write embeddings + metrics',
  description:
    'Reads interactions (and optionally a catalogue), evaluates the recipe on a held-out split (--eval.*),\n' +
    'retrains on everything and writes model/ (factors, ids, Gramian, feature map), items.jsonl and\n' +
    'metrics.json to --out.',
  examples: [
    'vitrine train --data file://../shared/data/ml-latest-small/ratings.csv --format movielens --out file://.vitrine/ml',
    'vitrine train --data file://.vitrine/shop --format events --catalogue file://.vitrine/shop/catalogue/ --out file://.vitrine/run --factors 128',
  ],
  options: TrainOptions,
  async run(options, ctx) {
    const format = await resolveFormat(options.data, options.format);
    const test =
      options.test === undefined
        ? undefined
        : { uri: options.test, format: await resolveFormat(options.test, options.format) };
    const run = await trainJob({ ...options, format, test }, ctx);
    ctx.print(`${JSON.stringify(run.metrics.models, null, 2)}\n`);
    return 0;
  },
});
