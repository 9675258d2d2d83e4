/**
 * Conditional GAN training loop (generator.ts + discriminator.ts + losses.ts), resumable.
 *
 * One step (step.ts) = `dSteps` discriminator updates, then one generator update.
 * Mode-collapse remedies are options (see GanResolvedConfig): the loss, dSteps, one-sided label
 * smoothing, instance noise (Gaussian, σ annealed linearly to 0 at half the run), the WGAN
 * gradient-penalty weight, and the AC-GAN auxiliary classification weight.
 *
 * Determinism: all randomness (initial weights, batches, noise, penalty mixing) comes from
 * `createRng(seed)`: weights from forks 'generator'/'discriminator', step t from fork `step:t`.
 * On one backend a run is bit-for-bit repeatable, and resuming from a checkpoint continues
 * exactly as if never interrupted (tested).
 */
import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import { createRng } from '#shared/random';
import type { GanImageShape, GanResolvedConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { initTf, type tf } from '../../runtime/tf.ts';
import { Adam, trainableVariables } from './adam.ts';
import { loadCheckpoint, restoreAdam, saveCheckpoint } from './checkpoint.ts';
import { FASHION_SHOP_CATEGORIES, type GanImageSet } from './dataset.ts';
import { copyWeights, discriminatorFor, emaUpdate, generatorFor, recalibrateBatchNorm } from './models.ts';
import { type Ctx, instanceNoiseStd, trainStep } from './step.ts';

export interface GanProgress {
  step: number;
  steps: number;
  dLoss: number;
  gLoss: number;
  /** Wall time of this run so far (excludes earlier runs of a resumed training). */
  elapsedMs: number;
}

export interface TrainGanOptions {
  /** Training images (any side divisible by 4, 1 or 3 channels) with labels in 0…categories−1. */
  data: GanImageSet;
  /** Category names in label order (default: the demo shop's ten, Fashion-MNIST's labels). */
  categories?: readonly string[];
  config: GanResolvedConfig;
  /** Resume from, and save to, `<prefix>/checkpoint.json` in `store` every `every` steps and at the end. */
  checkpoint?: { store: BlobStore; prefix: string; every: number };
  /** Stop after this many steps of this run (time-boxing; tests of resume). */
  stopAfter?: number;
  /** Called every `progressEvery` steps (default 10) and after the last step. */
  onProgress?: (progress: GanProgress) => void;
  progressEvery?: number;
}

export interface TrainGanResult {
  /** The last generator weights (the training iterate). */
  generator: tf.LayersModel;
  /** The moving average of the generator, BatchNorm recalibrated, when `emaDecay` > 0. */
  generatorEma?: tf.LayersModel;
  discriminator: tf.LayersModel;
  shape: GanImageShape;
  /** Steps completed in total (including those of earlier runs when resumed). */
  step: number;
  /** Step this run started from (0 unless resumed). */
  resumedFrom: number;
  /** Wall time of this run and summed over all runs of this training. */
  runMs: number;
  totalMs: number;
  /** Process CPU time (user + system) of this run and summed over all runs of this training. */
  runCpuMs: number;
  totalCpuMs: number;
  backend: string;
  dataHash: string;
}

/**
 * Trains (or resumes training of) the conditional GAN.
 *
 * @example
 * const data = loadFashionMnist(locateFashionMnist().dir);
 * const { generator } = await trainGan({ data: data.train, config: resolveGanConfig({ preset: 'demo' }) });
 */
export async function trainGan(options: TrainGanOptions): Promise<TrainGanResult> {
  const backend = (await initTf()).name;
  const { config, data } = options;
  const rng = createRng(config.seed);
  const shape: GanImageShape = {
    side: data.rows,
    channels: data.channels === 3 ? 3 : 1,
    categories: [...(options.categories ?? FASHION_SHOP_CATEGORIES)],
  };
  const generator = generatorFor(config, shape, rng.fork('generator'));
  const discriminator = discriminatorFor(config, shape, rng.fork('discriminator'));
  const ema = config.emaDecay > 0 ? generatorFor(config, shape, rng.fork('generator')) : undefined;
  if (ema) copyWeights(generator, ema);
  // Standing BatchNorm statistics for the average: start from the live generator's, then re-estimate.
  const recalibrated = () => {
    if (!ema) return undefined;
    ema.nonTrainableWeights.forEach((w, i) => {
      const src = generator.nonTrainableWeights[i];
      if (src) w.write(src.read().clone());
    });
    recalibrateBatchNorm(ema, config.zDim, shape.categories.length, rng.fork('ema-batchnorm'));
    return ema;
  };
  const adam = { beta1: config.beta1, beta2: config.beta2 };
  const ctx: Ctx = {
    config,
    data,
    classes: shape.categories.length,
    generator,
    discriminator,
    optG: new Adam(trainableVariables(generator), { lr: config.lrG, ...adam }),
    optD: new Adam(trainableVariables(discriminator), { lr: config.lrD, ...adam }),
  };
  const dataHash = await fingerprint(data);

  let step = 0;
  let earlierMs = 0;
  let earlierCpuMs = 0;
  const ckpt = options.checkpoint;
  if (ckpt) {
    const loaded = await loadCheckpoint(ckpt.store, ckpt.prefix);
    if (loaded) {
      assertResumable(loaded.meta.config, config, loaded.meta.dataHash, dataHash);
      loaded.reader.restoreModel(generator, loaded.meta.generator);
      loaded.reader.restoreModel(discriminator, loaded.meta.discriminator);
      if (ema && loaded.meta.generatorEma) loaded.reader.restoreModel(ema, loaded.meta.generatorEma);
      restoreAdam(ctx.optG, loaded, loaded.meta.optimizerG);
      restoreAdam(ctx.optD, loaded, loaded.meta.optimizerD);
      step = loaded.meta.step;
      earlierMs = loaded.meta.wallMs;
      earlierCpuMs = loaded.meta.cpuMs ?? 0;
    }
  }
  const resumedFrom = step;
  const end = Math.min(config.steps, options.stopAfter === undefined ? Infinity : step + options.stopAfter);
  const every = options.progressEvery ?? 10;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const cpuMs = () => {
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1000;
  };
  const save = () =>
    ckpt &&
    saveCheckpoint(ckpt.store, ckpt.prefix, {
      step,
      config,
      dataHash,
      wallMs: earlierMs + performance.now() - t0,
      cpuMs: earlierCpuMs + cpuMs(),
      backend,
      shape,
      generator,
      generatorEma: recalibrated(),
      discriminator,
      optG: ctx.optG,
      optD: ctx.optD,
    });

  while (step < end) {
    const wantLoss = options.onProgress !== undefined && ((step + 1) % every === 0 || step + 1 === end);
    const losses = trainStep(ctx, rng.fork(`step:${step}`), instanceNoiseStd(config, step), wantLoss);
    step += 1;
    if (ema) emaUpdate(ema, generator, config.emaDecay);
    if (losses)
      options.onProgress?.({ step, steps: config.steps, ...losses, elapsedMs: performance.now() - t0 });
    if (ckpt && step % ckpt.every === 0 && step < end) await save();
    // Let timers (progress bars, signals) run between steps; a step is one synchronous block.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (ckpt && step > resumedFrom) await save();
  else recalibrated();
  ctx.optG.dispose();
  ctx.optD.dispose();
  const runMs = performance.now() - t0;
  const runCpuMs = cpuMs();
  return {
    generator,
    generatorEma: ema,
    discriminator,
    shape,
    step,
    resumedFrom,
    runMs,
    totalMs: earlierMs + runMs,
    runCpuMs,
    totalCpuMs: earlierCpuMs + runCpuMs,
    backend,
    dataHash,
  };
}

function assertResumable(
  saved: GanResolvedConfig,
  asked: GanResolvedConfig,
  savedHash: string,
  hash: string,
): void {
  // `steps` may grow (extend a finished run); anything else changes what the run computes.
  const differing = (Object.keys(saved) as (keyof GanResolvedConfig)[]).filter(
    (k) => k !== 'steps' && saved[k] !== asked[k],
  );
  if (differing.length > 0) {
    const what = differing.map((k) => `${k}: checkpoint ${saved[k]}, asked ${asked[k]}`).join('; ');
    throw new AppError('precondition_failed', `cannot resume: options differ from the checkpoint (${what})`);
  }
  if (savedHash !== hash) {
    throw new AppError('precondition_failed', 'cannot resume: the checkpoint was trained on different data');
  }
}

/** sha256 over the images and labels, identifying the training data in checkpoints and caches. */
export async function fingerprint(data: GanImageSet): Promise<string> {
  const [a, b] = await Promise.all([sha256Hex(data.images), sha256Hex(data.labels)]);
  // Grey sets keep the key they had before channels existed (cached classifiers stay valid).
  const ch = (data.channels ?? 1) === 1 ? '' : `x${data.channels}`;
  return sha256Hex(new TextEncoder().encode(`${a}:${b}:${data.count}:${data.rows}x${data.cols}${ch}`));
}
