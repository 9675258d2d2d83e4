/**
 * Job: train (or resume) the conditional GAN on Fashion-MNIST, checkpointing into a store.
 *
 * Data location is explicit and reported (see locateFashionMnist); the checkpoint under
 * `<prefix>/checkpoint.json` is resumed when present, so re-running the same command after an
 * interruption continues where it stopped, and raising `--steps` extends a finished run.
 */
import type { GanResolvedConfig, GanTrainConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type FashionLocation, loadFashionMnist, locateFashionMnist } from '../data/fashion-mnist.ts';
import { resolveGanConfig } from '../models/gan/presets.ts';
import { type GanProgress, type TrainGanResult, trainGan } from '../models/gan/train.ts';

export interface GanTrainJobOptions {
  store: BlobStore;
  prefix: string;
  /** Fashion-MNIST directory; default: the lookup order of locateFashionMnist. */
  dataDir?: string;
  gan: GanTrainConfig;
  checkpointEvery: number;
  /** Called once the data is located, before loading (for the log line). */
  onData?: (location: FashionLocation, trainCount: number) => void;
  onProgress?: (progress: GanProgress) => void;
}

export interface GanTrainJobResult extends TrainGanResult {
  config: GanResolvedConfig;
  data: FashionLocation;
}

/**
 * Trains per `options.gan` (preset + overrides) and returns the trained models and timings.
 *
 * @example
 * await ganTrainJob({ store: openStore('file://.vitrine/gan'), prefix: 'gan', gan: { preset: 'demo' }, checkpointEvery: 250 });
 */
export async function ganTrainJob(options: GanTrainJobOptions): Promise<GanTrainJobResult> {
  const config = resolveGanConfig(options.gan);
  const location = locateFashionMnist(options.dataDir);
  const data = loadFashionMnist(location.dir);
  options.onData?.(location, data.train.count);
  const result = await trainGan({
    data: data.train,
    config,
    checkpoint: { store: options.store, prefix: options.prefix, every: options.checkpointEvery },
    onProgress: options.onProgress,
  });
  return { ...result, config, data: location };
}
