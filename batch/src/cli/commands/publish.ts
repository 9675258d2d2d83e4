/**
 * `vitrine publish`: gate, index and publish a run written by `vitrine train --out`.
 */
import { z } from 'zod';
import { CreativeLoopConfig } from '#shared/schemas';
import { readTrainedRun } from '../../jobs/trained-run.ts';
import { prepareCreatives } from '../../pipeline/creative-stage.ts';
import { redactUri } from '../../pipeline/inputs.ts';
import { publishModel } from '../../pipeline/publish-model.ts';
import { GATE_EXIT_CODE } from '../../publish/gate.ts';
import { openStore } from '../../storage/open.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';

export const PublishOptions = z.object({
  run: z
    .string()
    .min(1)
    .describe('store URI of a training run (model/, items.jsonl, metrics.json from vitrine train --out)'),
  store: z.string().min(1).default('file://.vitrine/store').describe('model store the edge reads'),
  version: z.string().min(1).optional().describe('version name (default v<UTC time>-<random>)'),
  ...configGroups('index', 'publish'),
});

export const publishCommand = defineCommand({
  name: 'publish',
  summary: 'quality-gate a trained run, build its index and publish it as the live version',
  description:
    'Blobs first, then manifests/<version>.json, then manifests/current.json; an interrupted publish leaves the\n' +
    'previous version live. Exit 3 when the quality gate refuses (see --gate-metric, --gate-margin, --force).\n' +
    'The live generator, creative library and brand kit go on into the new version unchanged.',
  examples: ['vitrine publish --run file://.vitrine/run --store file://.vitrine/store --dtype f16'],
  options: PublishOptions,
  async run(options, ctx) {
    const store = openStore(options.store);
    // The live generator, library and brand kit go on into the new version (as `pipeline --gan skip`).
    const creatives = await prepareCreatives(store, CreativeLoopConfig.parse({ gan: 'skip' }), ctx);
    const summary = await publishModel(
      {
        run: await readTrainedRun(openStore(options.run)),
        store,
        sections: creatives.write,
        index: options.index,
        publish: options.publish,
        provenance: { run: redactUri(options.run) },
        ...(options.version === undefined ? {} : { version: options.version }),
      },
      ctx,
    );
    ctx.print(`${JSON.stringify(summary, null, 2)}\n`);
    if (!summary.published) {
      ctx.log.error('publish.refused', { message: summary.gate.message });
      return GATE_EXIT_CODE;
    }
    return 0;
  },
});
