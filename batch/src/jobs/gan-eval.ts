/**
 * Job: evaluate a trained generator (from its checkpoint) with the cached real-image classifier
 * on one held-out split: class-correct beside the classifier's accuracy on the real images,
 * Fréchet distance beside the real-vs-real floor at the same sample size, per-category
 * diversity ratio; optionally a sample grid PNG (one row per category).
 *
 * `validation` (default) is for choosing options and presets; `test` is for the final report.
 */
import { AppError } from '#shared/errors';
import type { GanCheckpointMeta } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type GeneratorChoice, loadGenerator } from '../models/gan/checkpoint.ts';
import {
  type ClassifierConfig,
  DEFAULT_CLASSIFIER_CONFIG,
  loadOrTrainClassifier,
} from '../models/gan/classifier.ts';
import type { EvalSplit } from '../models/gan/dataset.ts';
import { evaluateGan, type GanEvaluation } from '../models/gan/evaluate.ts';
import { encodeGridPng } from '../models/gan/grid.ts';
import { generateImages, labelsPerClass } from '../models/gan/sample.ts';
import { initTf } from '../runtime/tf.ts';
import { type GanDataOptions, type LoadedGanData, loadGanData } from './gan-data.ts';

export interface GanEvalJobOptions extends GanDataOptions {
  store: BlobStore;
  prefix: string;
  /** Where the classifier artifact is cached. */
  cache: BlobStore;
  split?: EvalSplit;
  /** The weight average (default, when the run kept one) or the last weights. */
  generator?: GeneratorChoice;
  classifier?: ClassifierConfig;
  samplesPerClass?: number;
  seed?: number;
  /** Samples per category in the returned grid PNG (0 = no grid). */
  gridPerClass?: number;
  onData?: (loaded: LoadedGanData) => void;
  onClassifierEpoch?: (epoch: number, loss: number) => void;
}

export interface GanEvalJobResult {
  evaluation: GanEvaluation;
  checkpoint: GanCheckpointMeta;
  /** Whether the evaluated generator is the weight average (EMA). */
  averaged: boolean;
  classifier: { key: string; cached: boolean; seconds: number };
  data: LoadedGanData;
  backend: string;
  grid?: Uint8Array;
}

/**
 * Evaluates the generator checkpointed under `prefix` in `store`.
 *
 * @throws AppError('not_found') when there is no checkpoint.
 * @example
 * const r = await ganEvalJob({ store, prefix: 'full', cache: openStore('file://.vitrine/cache') });
 */
export async function ganEvalJob(options: GanEvalJobOptions): Promise<GanEvalJobResult> {
  const backend = (await initTf()).name;
  const loaded = await loadGenerator(options.store, options.prefix, options.generator ?? 'auto');
  if (!loaded) {
    throw new AppError(
      'not_found',
      `no GAN checkpoint at ${options.prefix}/checkpoint.json in ${options.store.uri}`,
      { key: `${options.prefix}/checkpoint.json` },
    );
  }
  const source = await loadGanData(options);
  options.onData?.(source);
  const { data } = source;
  const t0 = performance.now();
  const clf = await loadOrTrainClassifier(
    data.train,
    options.cache,
    options.classifier ?? DEFAULT_CLASSIFIER_CONFIG,
    options.onClassifierEpoch,
    data.categories.length,
  );
  const classifierSeconds = (performance.now() - t0) / 1000;
  const split = options.split ?? 'validation';
  const evaluation = evaluateGan({
    generator: loaded.generator,
    classifier: clf.model,
    train: data.train,
    reference: data[split],
    split,
    categories: data.categories,
    samplesPerClass: options.samplesPerClass,
    seed: options.seed,
  });
  const perClass = options.gridPerClass ?? 0;
  const grid =
    perClass > 0
      ? encodeGridPng(
          generateImages(
            loaded.generator,
            labelsPerClass(perClass, data.categories.length),
            options.seed ?? 1,
          ),
          loaded.shape.side,
          { cols: perClass, scale: 2, channels: loaded.shape.channels },
        )
      : undefined;
  loaded.generator.dispose();
  return {
    evaluation,
    checkpoint: loaded.meta,
    averaged: loaded.averaged,
    classifier: { key: clf.key, cached: clf.cached, seconds: classifierSeconds },
    data: source,
    backend,
    grid,
  };
}

/** A fixed-width text table of the scores, for the CLI and the benchmark. */
export function formatEvaluation(e: GanEvaluation): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lines = [
    `split ${e.split}: ${e.generatedCount} generated, ${e.realCount} real held-out images`,
    `class-correct ${pct(e.classCorrect)} (same classifier on the real ${e.split} images: ${pct(e.referenceAccuracy)})`,
    `Fréchet distance generated–${e.split} ${e.fidGenerated.toFixed(3)}, floor train–${e.split} ${e.fidFloor.toFixed(3)} (${(e.fidGenerated / e.fidFloor).toFixed(1)}×)`,
    `min diversity ratio ${e.minDiversityRatio.toFixed(2)} (${e.samplesPerClass} samples per category)`,
    '',
    `${'category'.padEnd(12)} ${'correct'.padStart(8)} ${'real'.padStart(8)} ${'div gen'.padStart(8)} ${'div real'.padStart(8)} ${'ratio'.padStart(6)}`,
    ...e.categories.map(
      (c) =>
        `${c.category.slice(0, 12).padEnd(12)} ${pct(c.classCorrect).padStart(8)} ${pct(c.referenceAccuracy).padStart(8)} ` +
        `${c.diversityGenerated.toFixed(2).padStart(8)} ${c.diversityReal.toFixed(2).padStart(8)} ${c.diversityRatio.toFixed(2).padStart(6)}`,
    ),
  ];
  return lines.join('\n');
}
