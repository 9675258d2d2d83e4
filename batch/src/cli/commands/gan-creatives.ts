/**
 * `vitrine gan-creatives`: options and wiring only; the work is in jobs/gan-creatives.ts.
 */
import { z } from 'zod';
import { CategoryId, CREATIVE_SIZES, CreativeSize, CreativeTemplate } from '#shared/schemas';
import { buildGanCreatives } from '../../jobs/gan-creatives.ts';
import { lateProgress } from '../../observe/index.ts';
import { openStore } from '../../storage/index.ts';
import { defineCommand } from '../command.ts';

export const GanCreativesOptions = z.object({
  store: z
    .string()
    .min(1)
    .default('file://.vitrine/gan')
    .describe(
      'store URI with <prefix>/onnx.json (from gan-export); receives the PNG blobs and <prefix>/creatives.json',
    ),
  prefix: z.string().min(1).default('gan').describe('prefix of onnx.json / creatives.json in the store'),
  variants: z.coerce.number().int().min(1).max(10_000).default(8).describe('variants (seeds) per category'),
  firstSeed: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe('seed of variant 0; variant v uses firstSeed + v'),
  categories: z
    .array(CategoryId)
    .optional()
    .describe("generator classes to render (default: all of the generator's)"),
  sizes: z
    .array(CreativeSize)
    .default([...CREATIVE_SIZES])
    .describe('ad-slot sizes'),
  templates: z.array(CreativeTemplate).default(['classic']).describe('banner templates'),
  runtime: z
    .enum(['web', 'node'])
    .default('web')
    .describe(
      'onnxruntime to run the generator in: web (WASM, as the edge) or node (native; output may differ in the last bits)',
    ),
});

export const ganCreativesCommand = defineCommand({
  name: 'gan-creatives',
  summary: 'prebuild the creative library: generated banners per category × variant × size, as PNG blobs',
  description:
    'Runs the exported generator (verified against its sha256) for each category and seed, composes\n' +
    'banners with the shared templates, uploads them as content-addressed blobs and lists them in\n' +
    '<prefix>/creatives.json in the shape of the manifest CreativeEntry.',
  examples: [
    'vitrine gan-creatives --variants 8 --sizes medium-rectangle,leaderboard --templates classic,bold',
  ],
  options: GanCreativesOptions,
  async run(options, ctx) {
    const bar = lateProgress(ctx, 'creatives');
    const { listing, listingKey } = await buildGanCreatives({
      store: openStore(options.store),
      prefix: options.prefix,
      variants: options.variants,
      firstSeed: options.firstSeed,
      categories: options.categories,
      sizes: options.sizes,
      templates: options.templates,
      runtime: options.runtime,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.finish();
    const bytes = listing.creatives.reduce((sum, c) => sum + c.blob.size, 0);
    ctx.log.info('library', { creatives: listing.creatives.length, bytes, listing: listingKey });
    ctx.print(`${listing.creatives.length} creatives (${bytes} bytes) listed in ${listingKey}\n`);
    return 0;
  },
});
