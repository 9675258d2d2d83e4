/**
 * Job: checkpoint → ONNX generator blob, gated by a parity check.
 *
 * Rebuilds the generator from a GAN checkpoint (the EMA average when the run kept one: the
 * generator that was evaluated), exports it with our exporter, and runs the ONNX file in both
 * onnxruntime-web (the edge's runtime) and onnxruntime-node against tfjs on many inputs:
 * `parityPerClass` seeded latents for every category, each with its one-hot label. A file that
 * drifts beyond `tolerance` on either runtime is refused. The blob goes to `blobs/<sha256>`;
 * `<prefix>/onnx.json` records it, with the category list, for the publisher.
 */
import { AppError } from '#shared/errors';
import { GeneratorExport, GeneratorSection, issueText } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { storeGenerator } from '../creatives/index.ts';
import { loadGenerator } from '../models/gan/checkpoint.ts';
import { exportLayersModel, generatorParityFeeds, onnxParityAll } from '../onnx/index.ts';
import { initTf } from '../runtime/tf.ts';

export interface GanExportOptions {
  store: BlobStore;
  /** Checkpoint prefix in `store` (`<prefix>/checkpoint.json`). */
  prefix: string;
  /** Largest accepted |tfjs − onnx| (default 1e-4). */
  tolerance?: number;
  /** Seed of the parity inputs' noise (default 0). */
  seed?: number;
  /** Parity latents per category (default 16: 160 rows for ten categories). */
  parityPerClass?: number;
}

export interface GanExportResult {
  listing: GeneratorExport;
  /** The ONNX file itself (also stored as `listing.generator.onnx.key`). */
  onnx: Uint8Array;
  listingKey: string;
}

export const exportListingKey = (prefix: string): string => `${prefix}/onnx.json`;

/**
 * Exports the checkpoint's generator; fails with `not_found` when there is no checkpoint and
 * `precondition_failed` when parity exceeds the tolerance.
 *
 * @example
 * const { listing } = await exportGanGenerator({ store: openStore('file://.vitrine/store'), prefix: 'gan/demo' });
 */
export async function exportGanGenerator(o: GanExportOptions): Promise<GanExportResult> {
  const tolerance = o.tolerance ?? 1e-4;
  await initTf();
  const loaded = await loadGenerator(o.store, o.prefix);
  if (!loaded) {
    throw new AppError('not_found', `no GAN checkpoint at ${o.prefix}/checkpoint.json in ${o.store.uri}`, {
      key: `${o.prefix}/checkpoint.json`,
    });
  }
  const { config, step, weightsSha256 } = loaded.meta;
  const { generator, shape } = loaded;
  // The manifest's schema decides which category names a published generator may carry.
  const categories = GeneratorSection.shape.categories.safeParse(shape.categories);
  if (!categories.success) {
    throw new AppError(
      'precondition_failed',
      `the generator's categories do not fit the manifest schema: ${issueText(categories.error)}`,
    );
  }
  try {
    const exported = exportLayersModel(generator, {
      inputNames: ['noise', 'label'],
      outputNames: ['image'],
      graphName: 'vitrine_generator',
      docString: `Vitrine conditional generator: noise [batch, z] + one-hot label [batch, ${shape.categories.length}] → image NHWC in [-1, 1]`,
      metadata: {
        categories: JSON.stringify(shape.categories),
        noiseDim: String(config.zDim),
        imageSide: String(shape.side),
        imageChannels: String(shape.channels),
        checkpointStep: String(step),
        checkpointWeightsSha256: weightsSha256,
        weights: loaded.averaged ? `ema ${config.emaDecay}` : 'last',
      },
    });
    const feeds = generatorParityFeeds(
      config.zDim,
      shape.categories.length,
      o.parityPerClass ?? 16,
      o.seed ?? 0,
    );
    const reports = await onnxParityAll(generator, exported, { feeds });
    const worst = Math.max(...reports.map((r) => r.maxAbsDiff));
    if (!(worst <= tolerance)) {
      const each = reports.map((r) => `${r.runtime} ${r.maxAbsDiff}`).join(', ');
      throw new AppError(
        'precondition_failed',
        `ONNX export drifts from tfjs: max |Δ| ${each} > ${tolerance}; not stored`,
      );
    }
    const section = await storeGenerator(
      o.store,
      exported.bytes,
      { noiseDim: config.zDim, imageSide: shape.side, channels: shape.channels },
      categories.data,
    );
    const listing = GeneratorExport.parse({
      format: 'vitrine-generator-export',
      version: 1,
      generator: section,
      checkpoint: { step, weightsSha256 },
      parity: {
        runtime: reports.map((r) => r.runtime).join('+'),
        batch: reports[0]?.batch ?? 0,
        maxAbsDiff: worst,
        tolerance,
        runtimes: reports.map((r) => ({ runtime: r.runtime, maxAbsDiff: r.maxAbsDiff })),
      },
      opset: exported.opset,
      exportedAt: new Date().toISOString(),
    });
    const listingKey = exportListingKey(o.prefix);
    await o.store.put(listingKey, new TextEncoder().encode(`${JSON.stringify(listing, null, 2)}\n`), {
      contentType: 'application/json',
    });
    return { listing, onnx: exported.bytes, listingKey };
  } finally {
    generator.dispose();
  }
}
