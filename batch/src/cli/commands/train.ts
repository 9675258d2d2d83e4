/**
 * `vitrine train`: options and wiring only; the work is in jobs/train-mf.ts.
 */
import { z } from 'zod';
import { INTERACTION_FORMATS } from '../../jobs/inputs.ts';
import { trainJob } from '../../jobs/train-mf.ts';
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
    .enum(INTERACTION_FORMATS)
    .default('csv')
    .describe(
      'interactions format: csv (user,item[,weight][,timestamp]), movielens ratings.csv, or event NDJSON under events/',
    ),
  catalogue: z
    .string()
    .min(1)
    .optional()
    .describe(
      'item catalogue URI (.jsonl/.csv file, or a prefix ending in /): enables side features for cold-start items',
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
    const run = await trainJob(options, ctx);
    ctx.print(`${JSON.stringify(run.metrics.models, null, 2)}\n`);
    return 0;
  },
});
