/**
 * Job: checkpoint → ONNX generator blob, gated by a parity check.
 *
 * Rebuilds the generator from a GAN checkpoint, exports it with our exporter, runs the ONNX file
 * in onnxruntime-web (the edge's runtime) against tfjs on the inputs the creatives will use (one
 * row per category, seeded noise), and refuses to store a file that drifts beyond `tolerance`.
 * The blob goes to `blobs/<sha256>`; `<prefix>/onnx.json` records it for the publisher.
 */
import { generatorInputs } from '#shared/creatives';
import { AppError } from '#shared/errors';
import { CATEGORIES, GeneratorExport } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { storeGenerator } from '../creatives/index.ts';
import { loadGenerator } from '../models/gan/checkpoint.ts';
import { IMAGE_SIDE } from '../models/gan/generator.ts';
import { exportLayersModel, onnxParity } from '../onnx/index.ts';
import { initTf } from '../runtime/tf.ts';

export interface GanExportOptions {
  store: BlobStore;
  /** Checkpoint prefix in `store` (`<prefix>/checkpoint.json`). */
  prefix: string;
  /** Largest accepted |tfjs − onnx| (default 1e-4). */
  tolerance?: number;
  /** Seed of the parity inputs' noise (default 0). */
  seed?: number;
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
  const { generator } = loaded;
  try {
    const exported = exportLayersModel(generator, {
      inputNames: ['noise', 'label'],
      outputNames: ['image'],
      graphName: 'vitrine_generator',
      docString:
        'Vitrine conditional generator: noise [batch, z] + one-hot label [batch, 10] → image NHWC in [-1, 1]',
      metadata: {
        categories: CATEGORIES.join(','),
        noiseDim: String(config.zDim),
        checkpointStep: String(step),
        checkpointWeightsSha256: weightsSha256,
      },
    });
    const inputs = generatorInputs(
      CATEGORIES.map((category) => ({ category, seed: o.seed ?? 0 })),
      config.zDim,
    );
    const parity = await onnxParity(generator, exported, {
      feeds: {
        noise: { data: inputs.noise, dims: [inputs.count, config.zDim] },
        label: { data: inputs.label, dims: [inputs.count, CATEGORIES.length] },
      },
    });
    if (!(parity.maxAbsDiff <= tolerance)) {
      throw new AppError(
        'precondition_failed',
        `ONNX export drifts from tfjs: max |Δ| ${parity.maxAbsDiff} > ${tolerance}; not stored`,
      );
    }
    const section = await storeGenerator(o.store, exported.bytes, {
      noiseDim: config.zDim,
      imageSide: IMAGE_SIDE,
    });
    const listing = GeneratorExport.parse({
      format: 'vitrine-generator-export',
      version: 1,
      generator: section,
      checkpoint: { step, weightsSha256 },
      parity: { runtime: parity.runtime, batch: parity.batch, maxAbsDiff: parity.maxAbsDiff, tolerance },
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
