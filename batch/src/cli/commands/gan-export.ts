/**
 * `vitrine gan-export`: options and wiring only; the work is in jobs/gan-export.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { exportGanGenerator } from '../../jobs/gan-export.ts';
import { openStore } from '../../storage/index.ts';
import { defineCommand } from '../command.ts';

export const GanExportOptions = z.object({
  store: z
    .string()
    .min(1)
    .default('file://.vitrine/gan')
    .describe(
      'store URI holding the GAN checkpoint; receives the ONNX blob (blobs/<sha256>) and <prefix>/onnx.json',
    ),
  prefix: z
    .string()
    .min(1)
    .default('gan')
    .describe('checkpoint prefix in the store (<prefix>/checkpoint.json)'),
  tolerance: z.coerce
    .number()
    .positive()
    .default(1e-4)
    .describe('largest accepted max |tfjs − onnx| in the parity check'),
  seed: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(0)
    .describe('noise seed of the parity inputs (one row per category)'),
  out: z.string().min(1).optional().describe('also write the .onnx file to this local path'),
});

export const ganExportCommand = defineCommand({
  name: 'gan-export',
  summary: 'export the trained generator to ONNX (own exporter), check parity in onnxruntime-web, store it',
  description:
    'Rebuilds the generator from <prefix>/checkpoint.json, writes it as ONNX (opset 13, inputs noise/label,\n' +
    'output image NHWC), runs it in onnxruntime-web against tfjs on one seeded row per category, and\n' +
    'stores it as blobs/<sha256> with <prefix>/onnx.json only when max |Δ| ≤ --tolerance.',
  examples: ['vitrine gan-export --store file://.vitrine/gan --prefix gan --out var/generator.onnx'],
  options: GanExportOptions,
  async run(options, ctx) {
    const store = openStore(options.store);
    const { listing, onnx, listingKey } = await exportGanGenerator({
      store,
      prefix: options.prefix,
      tolerance: options.tolerance,
      seed: options.seed,
    });
    if (options.out) {
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, onnx);
    }
    ctx.log.info('exported', {
      blob: listing.generator.onnx.key,
      bytes: onnx.length,
      maxAbsDiff: listing.parity.maxAbsDiff,
      listing: listingKey,
    });
    ctx.print(`${JSON.stringify(listing, null, 2)}\n`);
    return 0;
  },
});
