/**
 * Job: train (or resume) the conditional GAN, checkpointing into a store.
 *
 * Training uses the `train` split only (the validation and test images stay unseen, see
 * models/gan/dataset.ts). The checkpoint under `<prefix>/checkpoint.json` is resumed when
 * present, so re-running the same command after an interruption continues where it stopped, and
 * raising `--steps` extends a finished run.
 */
import type { GanResolvedConfig, GanTrainConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { resolveGanConfig } from '../models/gan/presets.ts';
import { type GanProgress, type TrainGanResult, trainGan } from '../models/gan/train.ts';
import { type GanDataOptions, type LoadedGanData, loadGanData } from './gan-data.ts';

export interface GanTrainJobOptions extends GanDataOptions {
  store: BlobStore;
  prefix: string;
  gan: GanTrainConfig;
  checkpointEvery: number;
  /** Called once the data is loaded (for the log line). */
  onData?: (loaded: LoadedGanData) => void;
  onProgress?: (progress: GanProgress) => void;
  /** Stop after this many steps of this run (time-boxing). */
  stopAfter?: number;
}

export interface GanTrainJobResult extends TrainGanResult {
  config: GanResolvedConfig;
  data: LoadedGanData;
}

/**
 * Trains per `options.gan` (preset + overrides) and returns the trained models and timings.
 *
 * @example
 * await ganTrainJob({ store: openStore('file://.vitrine/gan'), prefix: 'gan', gan: { preset: 'demo' }, checkpointEvery: 250 });
 */
export async function ganTrainJob(options: GanTrainJobOptions): Promise<GanTrainJobResult> {
  const config = resolveGanConfig(options.gan);
  const loaded = await loadGanData(options);
  options.onData?.(loaded);
  const result = await trainGan({
    data: loaded.data.train,
    categories: loaded.data.categories,
    config,
    checkpoint: { store: options.store, prefix: options.prefix, every: options.checkpointEvery },
    onProgress: options.onProgress,
    stopAfter: options.stopAfter,
  });
  return { ...result, config, data: loaded };
}
