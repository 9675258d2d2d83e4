/**
 * `vitrine eval`: evaluates a saved model (beside popularity) on interactions from a URI.
 */
import { z } from 'zod';
import { evalJob } from '../../jobs/eval-mf.ts';
import { INTERACTION_FORMATS } from '../../jobs/inputs.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';
import { EvalUsersOption } from '../options.ts';

export const EvalOptions = z.object({
  model: z.string().min(1).describe('store URI a `vitrine train --out` wrote (its model/ is read)'),
  data: z
    .string()
    .min(1)
    .describe('interactions URI (see vitrine train --data); split with --eval.* unless --test is given'),
  test: z
    .string()
    .min(1)
    .optional()
    .describe(
      'held-out interactions URI: then --data is the history (seen items, popularity) and is not split',
    ),
  format: z.enum(INTERACTION_FORMATS).default('csv').describe('format of --data and --test'),
  binary: z.boolean().default(false).describe('treat every interaction as weight 1'),
  evalUsers: EvalUsersOption,
  allowRefitData: z
    .boolean()
    .default(false)
    .describe(
      "evaluate even when the held-out pairs are in the model's training data (refuses by default: inflated metrics)",
    ),
  out: z.string().min(1).optional().describe('store URI to write eval-metrics.json to (default: print only)'),
  ...configGroups('eval', 'load'),
});

export const evalCommand = defineCommand({
  name: 'eval',
  summary: 'evaluate a saved model and the popularity baseline on interactions',
  description:
    'Users and items unknown to the model are dropped (and counted in the log). Evaluate on data the\n' +
    'model was not trained on: a later --test file, or the same split with a model trained --no-refit.\n' +
    "Refuses (exit 1) when the held-out pairs are in the model's training data (its training-pairs.json),\n" +
    'e.g. a model refit on --data: the metrics would be inflated. --allow-refit-data evaluates anyway, warning.',
  examples: [
    'vitrine eval --model file://.vitrine/ml --data file://../shared/data/ml-latest-small/ratings.csv --format movielens',
  ],
  options: EvalOptions,
  async run(options, ctx) {
    const result = await evalJob(options, ctx);
    ctx.print(`${JSON.stringify(result.models, null, 2)}\n`);
    return 0;
  },
});
