/**
 * `vitrine gan-train`: options and wiring only; the work is in jobs/gan-train.ts.
 */
import { z } from 'zod';
import { ganTrainJob } from '../../jobs/gan-train.ts';
import { GAN_PRESET_VALUES } from '../../models/gan/presets.ts';
import { lateProgress } from '../../observe/index.ts';
import { openStore } from '../../storage/index.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';
import { GanDataFlags, ganDataOptions } from './gan-data-options.ts';

export const GanTrainOptions = GanDataFlags.extend({
  store: z
    .string()
    .min(1)
    .default('file://.vitrine/gan')
    .describe('store URI for checkpoints (<prefix>/checkpoint.json + weights); resumed when present'),
  prefix: z.string().min(1).default('gan').describe('checkpoint prefix in the store'),
  checkpointEvery: z.coerce.number().int().min(1).default(250).describe('save a checkpoint every N steps'),
  ...configGroups('gan'),
});

export const ganTrainCommand = defineCommand({
  name: 'gan-train',
  summary:
    "train the conditional GAN (creative generator) on Fashion-MNIST or the shop's pictures; resumable",
  description:
    'Presets: demo (a few minutes on 2 CPU cores, recognisable items) and full (quality target).\n' +
    'Any option given explicitly overrides the preset. Re-running resumes from <prefix>/checkpoint.json;\n' +
    'a larger --steps extends a finished run. Options other than --steps must match the checkpoint.\n' +
    Object.entries(GAN_PRESET_VALUES)
      .map(
        ([name, v]) =>
          `  ${name}: ${Object.entries(v)
            .map(([k, x]) => `${k}=${x}`)
            .join(' ')}`,
      )
      .join('\n'),
  examples: [
    'vitrine gan-train --preset demo',
    'vitrine gan-train --preset full --prefix full --loss hinge --d-steps 2',
  ],
  options: GanTrainOptions,
  async run(options, ctx) {
    const bar = lateProgress(ctx, 'gan train');
    const result = await ganTrainJob({
      store: openStore(options.store),
      prefix: options.prefix,
      ...ganDataOptions(options),
      gan: options.gan,
      checkpointEvery: options.checkpointEvery,
      onData: (loaded) =>
        ctx.log.info('gan.data', {
          description: loaded.description,
          skipped: loaded.fashion?.skipped,
          trainCount: loaded.data.train.count,
        }),
      onProgress: (p) => bar.update(p.step, p.steps, `D ${p.dLoss.toFixed(3)} G ${p.gLoss.toFixed(3)}`),
    });
    bar.finish();
    const summary = {
      store: options.store,
      prefix: options.prefix,
      backend: result.backend,
      step: result.step,
      resumedFrom: result.resumedFrom,
      runSeconds: Math.round(result.runMs / 100) / 10,
      totalSeconds: Math.round(result.totalMs / 100) / 10,
      config: result.config,
    };
    ctx.log.info('gan.trained', summary);
    ctx.print(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  },
});
