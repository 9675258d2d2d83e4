/**
 * `vitrine pipeline`: options and wiring only; the work is runPipeline (batch/src/pipeline).
 */
import { z } from 'zod';
import { DATA_FORMATS } from '../../pipeline/inputs.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { SEGMENT_METHODS } from '../../pipeline/segments-stage.ts';
import { GATE_EXIT_CODE } from '../../publish/gate.ts';
import { defineCommand } from '../command.ts';
import { configGroups } from '../config-groups.ts';
import { EvalUsersOption } from '../options.ts';

export const PipelineOptions = z.object({
  data: z
    .string()
    .min(1)
    .describe(
      'interactions: a CSV or MovieLens ratings.csv URI, or the store (or prefix/) whose events/ the edge writes',
    ),
  format: z
    .enum(DATA_FORMATS)
    .default('auto')
    .describe(
      'auto: *.csv with a userId,movieId header = movielens, other *.csv = csv, anything else = events',
    ),
  catalogue: z
    .string()
    .min(1)
    .optional()
    .describe(
      'item catalogue path or URI (.jsonl/.csv, or a prefix ending in /): categories, availability, cold-start\n' +
        'features; default: the last catalogue published to --store (`vitrine catalogue import`), if any',
    ),
  store: z
    .string()
    .min(1)
    .default('file://.vitrine/store')
    .describe('model store the edge reads (file://… or s3://bucket/prefix?endpoint=…)'),
  work: z
    .string()
    .min(1)
    .optional()
    .describe('where the training run is kept (default: in memory for this process)'),
  binary: z.boolean().default(false).describe('treat every interaction as weight 1'),
  evalUsers: EvalUsersOption,
  skipUnchanged: z
    .boolean()
    .default(false)
    .describe('with events: do nothing when no event file arrived since the last published run'),
  retainDays: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('delete event files older than this many days from the data store, and train on nothing older'),
  version: z.string().min(1).optional().describe('version name to publish (default v<UTC time>-<random>)'),
  segments: z
    .enum(SEGMENT_METHODS)
    .default('fold_in')
    .describe(
      "with events that carry context: a group's vector (groups of ≥ 5 users) is the fold-in of its items or\n" +
        'the user tower applied to its context (docs/benchmarks.md, "Segment cold start")',
    ),
  ...configGroups('mf', 'eval', 'index', 'publish', 'load', 'creatives'),
});

export const pipelineCommand = defineCommand({
  name: 'pipeline',
  summary: 'load → train → evaluate → quality gate → index → publish, then a JSON summary on stdout',
  description:
    'Trains on --data, evaluates beside popularity, refuses to publish (exit 3) a model worse than the live one\n' +
    'by more than --gate-margin unless --force, builds the IVF index and shards, publishes them as a new\n' +
    'version and flips manifests/current.json, then applies retention. With edge events as data, the\n' +
    "last consumed event key is kept in the store's state/pipeline.json. Unreadable live state (a corrupt or\n" +
    'missing manifests/current.json) refuses the publish (exit 1) unless --force; `vitrine rollback` repairs it.\n' +
    'Pending `vitrine users delete` requests are applied (events erased, users left out, kept versions holding\n' +
    'them expired); --retain-days deletes old event partitions.\n' +
    'Creatives go out in the same manifest: --gan reuse (default) carries the live generator and its library\n' +
    '(training one when there is none), --gan retrain trains one (--gan-preset) and gates it against the live one\n' +
    '(Fréchet, class-correct, ONNX parity): a refused generator keeps the live one and the run exits 3 after\n' +
    'publishing the embeddings; --gan skip leaves the creative sections as live. New library creatives start\n' +
    'pending (`vitrine creatives approve`) unless --approve-creatives.',
  examples: [
    'vitrine pipeline --data file://../shared/data/ml-latest-small/ratings.csv --store file://.vitrine/store',
    'vitrine pipeline --data file://.vitrine/shop --catalogue file://.vitrine/shop/catalogue/ --skip-unchanged',
    'vitrine pipeline --data file://.vitrine/shop --gan retrain --gan-preset full --brand-kit brand-kit.json',
    'vitrine pipeline --data "s3://shop/vitrine?endpoint=http://127.0.0.1:9000" --store "s3://shop/models?endpoint=http://127.0.0.1:9000" --dtype int8',
  ],
  options: PipelineOptions,
  async run(options, ctx) {
    const summary = await runPipeline(options, ctx);
    ctx.print(`${JSON.stringify(summary, null, 2)}\n`);
    if (summary.status === 'refused') {
      ctx.log.error('pipeline.refused', { message: summary.gate?.message });
      return GATE_EXIT_CODE;
    }
    if (summary.creatives?.refused) {
      ctx.log.error('pipeline.generator_refused', { message: summary.creatives.gate?.message });
      return GATE_EXIT_CODE;
    }
    return 0;
  },
});
