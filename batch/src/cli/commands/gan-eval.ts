/**
 * `vitrine gan-eval`: options and wiring only; the work is in jobs/gan-eval.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { formatEvaluation, ganEvalJob } from '../../jobs/gan-eval.ts';
import { openStore } from '../../storage/index.ts';
import { defineCommand } from '../command.ts';
import { GanDataFlags, ganDataOptions } from './gan-data-options.ts';

export const GanEvalOptions = GanDataFlags.extend({
  store: z.string().min(1).default('file://.vitrine/gan').describe('store URI holding the GAN checkpoint'),
  prefix: z.string().min(1).default('gan').describe('checkpoint prefix in the store'),
  cache: z
    .string()
    .min(1)
    .default('file://.vitrine/cache')
    .describe('store URI where the evaluation classifier is cached (keyed by data + config hash)'),
  split: z
    .enum(['validation', 'test'])
    .default('validation')
    .describe(
      'held-out real images to compare with: validation (choosing options) or test (final report only)',
    ),
  generator: z
    .enum(['auto', 'last'])
    .default('auto')
    .describe(
      'auto: the weight average (EMA) when the run kept one, else the last weights; last: the last weights',
    ),
  samplesPerClass: z.coerce
    .number()
    .int()
    .min(2)
    .max(5000)
    .default(1000)
    .describe('generated samples per category (the floor uses as many real training images)'),
  seed: z.coerce.number().int().nonnegative().default(1234).describe('seed of the generated samples'),
  grid: z.string().min(1).optional().describe('write a sample grid PNG (10 per category) to this path'),
  json: z.boolean().default(false).describe('print the evaluation as JSON instead of a table'),
});

export const ganEvalCommand = defineCommand({
  name: 'gan-eval',
  summary: 'score a trained generator: class-correct share, Fréchet distances, diversity per category',
  description:
    'Uses a small CNN trained on the real training images (trained once, then cached in --cache),\n' +
    'independent of the GAN loss. class-correct is shown beside the same classifier on real held-out\n' +
    'images. Fréchet distances are in its 128-d feature space: generated vs real held-out, beside real\n' +
    'train vs real held-out at the same sample size (the floor). Diversity ratio = mean pairwise\n' +
    "feature distance of a category's samples / the same for its real held-out images.\n" +
    'Choose options on --split validation; report on --split test.',
  examples: ['vitrine gan-eval --prefix full --grid var/gan-full.png'],
  options: GanEvalOptions,
  async run(options, ctx) {
    const result = await ganEvalJob({
      store: openStore(options.store),
      prefix: options.prefix,
      ...ganDataOptions(options),
      cache: openStore(options.cache),
      split: options.split,
      generator: options.generator,
      samplesPerClass: options.samplesPerClass,
      seed: options.seed,
      gridPerClass: options.grid ? 10 : 0,
      onData: (l) => ctx.log.info('gan.data', { description: l.description, skipped: l.fashion?.skipped }),
      onClassifierEpoch: (epoch, loss) => ctx.log.info('gan.classifier.epoch', { epoch, loss }),
    });
    if (options.grid && result.grid) {
      await mkdir(dirname(options.grid), { recursive: true });
      await writeFile(options.grid, result.grid);
    }
    ctx.log.info('gan.evaluated', {
      step: result.checkpoint.step,
      classifier: result.classifier,
      classCorrect: result.evaluation.classCorrect,
      averaged: result.averaged,
    });
    ctx.print(
      options.json
        ? `${JSON.stringify(result.evaluation, null, 2)}\n`
        : `checkpoint ${options.prefix} step ${result.checkpoint.step} (${result.backend})\n${formatEvaluation(result.evaluation)}\n`,
    );
    return 0;
  },
});
