/**
 * Job: evaluate a trained generator (from its checkpoint) with the cached real-image classifier:
 * class-correct share, Fréchet distances (generated–test beside train–test) and per-category
 * diversity ratio; optionally a sample grid PNG (one row per category).
 */
import { AppError } from '#shared/errors';
import type { GanCheckpointMeta } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type FashionLocation, loadFashionMnist, locateFashionMnist } from '../data/fashion-mnist.ts';
import { loadGenerator } from '../models/gan/checkpoint.ts';
import {
  type ClassifierConfig,
  DEFAULT_CLASSIFIER_CONFIG,
  loadOrTrainClassifier,
} from '../models/gan/classifier.ts';
import { evaluateGan, type GanEvaluation } from '../models/gan/evaluate.ts';
import { IMAGE_SIDE } from '../models/gan/generator.ts';
import { encodeGridPng } from '../models/gan/grid.ts';
import { generateImages, labelsPerClass } from '../models/gan/sample.ts';
import { initTf } from '../runtime/tf.ts';

export interface GanEvalJobOptions {
  store: BlobStore;
  prefix: string;
  dataDir?: string;
  /** Where the classifier artifact is cached. */
  cache: BlobStore;
  classifier?: ClassifierConfig;
  samplesPerClass?: number;
  seed?: number;
  /** Samples per category in the returned grid PNG (0 = no grid). */
  gridPerClass?: number;
  onData?: (location: FashionLocation) => void;
  onClassifierEpoch?: (epoch: number, loss: number) => void;
}

export interface GanEvalJobResult {
  evaluation: GanEvaluation;
  checkpoint: GanCheckpointMeta;
  classifier: { key: string; cached: boolean; seconds: number };
  data: FashionLocation;
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
  const loaded = await loadGenerator(options.store, options.prefix);
  if (!loaded) {
    throw new AppError(
      'not_found',
      `no GAN checkpoint at ${options.prefix}/checkpoint.json in ${options.store.uri}`,
      {
        key: `${options.prefix}/checkpoint.json`,
      },
    );
  }
  const location = locateFashionMnist(options.dataDir);
  options.onData?.(location);
  const data = loadFashionMnist(location.dir);
  const t0 = performance.now();
  const clf = await loadOrTrainClassifier(
    data.train,
    options.cache,
    options.classifier ?? DEFAULT_CLASSIFIER_CONFIG,
    options.onClassifierEpoch,
  );
  const classifierSeconds = (performance.now() - t0) / 1000;
  const evaluation = evaluateGan({
    generator: loaded.generator,
    classifier: clf.model,
    data,
    samplesPerClass: options.samplesPerClass,
    seed: options.seed,
  });
  const perClass = options.gridPerClass ?? 0;
  const grid =
    perClass > 0
      ? encodeGridPng(
          generateImages(loaded.generator, labelsPerClass(perClass), options.seed ?? 1),
          IMAGE_SIDE,
          {
            cols: perClass,
            scale: 2,
          },
        )
      : undefined;
  return {
    evaluation,
    checkpoint: loaded.meta,
    classifier: { key: clf.key, cached: clf.cached, seconds: classifierSeconds },
    data: location,
    backend,
    grid,
  };
}

/** A fixed-width text table of the per-category scores, for the CLI and the benchmark. */
export function formatEvaluation(e: GanEvaluation): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lines = [
    `class-correct ${pct(e.classCorrect)} (classifier accuracy on real test ${pct(e.classifierTestAccuracy)})`,
    `Fréchet distance generated–test ${e.fidGeneratedTest.toFixed(2)}, train–test ${e.fidTrainTest.toFixed(2)}`,
    `min diversity ratio ${e.minDiversityRatio.toFixed(2)} (${e.samplesPerClass} samples per category)`,
    '',
    `${'category'.padEnd(12)} ${'correct'.padStart(8)} ${'div gen'.padStart(8)} ${'div real'.padStart(8)} ${'ratio'.padStart(6)}`,
    ...e.categories.map(
      (c) =>
        `${c.category.padEnd(12)} ${pct(c.classCorrect).padStart(8)} ${c.diversityGenerated.toFixed(2).padStart(8)} ` +
        `${c.diversityReal.toFixed(2).padStart(8)} ${c.diversityRatio.toFixed(2).padStart(6)}`,
    ),
  ];
  return lines.join('\n');
}
