/**
 * Job: a fresh generator for `vitrine pipeline --gan retrain` — load the GAN's images (optionally
 * capped per category, so a CI run takes seconds), train from scratch into a staging store,
 * export to ONNX through the parity gate of gan-export. The data comes back too: the generator
 * gate evaluates on its validation split.
 */
import type { GanTrainConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type GanData, subset } from '../models/gan/dataset.ts';
import { balancedRows } from '../models/gan/evaluate.ts';
import { resolveGanConfig } from '../models/gan/presets.ts';
import { trainGan } from '../models/gan/train.ts';
import { type GanDataOptions, type LoadedGanData, loadGanData } from './gan-data.ts';
import { exportGanGenerator, type GanExportResult } from './gan-export.ts';

export interface RetrainOptions extends GanDataOptions {
  /** Staging store: receives the checkpoint, the ONNX blob and onnx.json. */
  store: BlobStore;
  prefix: string;
  gan: GanTrainConfig;
  /** Cap on training / validation images per category (default: all). */
  trainPerClass?: number | undefined;
  validationPerClass?: number | undefined;
  /** Parity latents per category (gan-export's option). */
  parityPerClass: number;
  onProgress?: (step: number, steps: number) => void;
}

export interface RetrainResult {
  exported: GanExportResult;
  /** The images the generator was trained on and is gated with. */
  data: GanData;
  description: string;
  steps: number;
  trainSeconds: number;
}

/** `data` with at most `perClass` images of each category per split (the first ones, per split). */
export function capPerClass(data: GanData, train?: number, validation?: number): GanData {
  const classes = data.categories.length;
  const cap = (set: GanData['train'], n: number | undefined) =>
    n === undefined ? set : subset(set, balancedRows(set, classes, n));
  return { ...data, train: cap(data.train, train), validation: cap(data.validation, validation) };
}

/**
 * Trains and exports a generator; throws `precondition_failed` when the export drifts from tfjs.
 *
 * @example
 * const { exported } = await retrainGenerator({ store: new MemoryStore('gan'), prefix: 'gan', gan: { preset: 'demo' }, parityPerClass: 16 });
 */
export async function retrainGenerator(o: RetrainOptions): Promise<RetrainResult> {
  const loaded: LoadedGanData = await loadGanData(o);
  const data = capPerClass(loaded.data, o.trainPerClass, o.validationPerClass);
  const config = resolveGanConfig(o.gan);
  const t0 = performance.now();
  const trained = await trainGan({
    data: data.train,
    categories: data.categories,
    config,
    checkpoint: { store: o.store, prefix: o.prefix, every: config.steps },
    onProgress: (p) => o.onProgress?.(p.step, p.steps),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  for (const model of [trained.generator, trained.generatorEma, trained.discriminator]) model?.dispose();
  const exported = await exportGanGenerator({
    store: o.store,
    prefix: o.prefix,
    parityPerClass: o.parityPerClass,
  });
  const description = `${loaded.description}; trained on ${data.train.count}, gated on ${data.validation.count}`;
  return { exported, data, description, steps: trained.step, trainSeconds };
}
