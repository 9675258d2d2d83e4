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
import { createRng, type Rng } from '#shared/random';
import type { GanImageShape, GanResolvedConfig } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { initTf, type tf } from '../../runtime/tf.ts';
import { Adam, trainableVariables } from './adam.ts';
import { loadCheckpoint, restoreAdam, saveCheckpoint } from './checkpoint.ts';
import { FASHION_SHOP_CATEGORIES, type GanImageSet } from './dataset.ts';
import { copyWeights, discriminatorFor, emaUpdate, generatorFor, recalibrateBatchNorm } from './models.ts';
import { type Ctx, instanceNoiseStd, scheduleLearningRates, trainStep } from './step.ts';

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

/** The three networks of a run and the step context they train in. */
interface Run {
  ctx: Ctx;
  shape: GanImageShape;
  /** Moving average of the generator (when `emaDecay` > 0). */
  ema: tf.LayersModel | undefined;
  dataHash: string;
}

async function startRun(options: TrainGanOptions, rng: Rng): Promise<Run> {
  const { config, data } = options;
  const shape: GanImageShape = {
    side: data.rows,
    channels: data.channels === 3 ? 3 : 1,
    categories: [...(options.categories ?? FASHION_SHOP_CATEGORIES)],
  };
  const generator = generatorFor(config, shape, rng.fork('generator'));
  const discriminator = discriminatorFor(config, shape, rng.fork('discriminator'));
  const ema = config.emaDecay > 0 ? generatorFor(config, shape, rng.fork('generator')) : undefined;
  if (ema) copyWeights(generator, ema);
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
  return { ctx, shape, ema, dataHash: await fingerprint(data) };
}

/** Where a run starts: step 0, or the checkpoint's step with its weights, optimizers and clocks. */
async function resume(
  run: Run,
  checkpoint: TrainGanOptions['checkpoint'],
): Promise<{ step: number; earlierMs: number; earlierCpuMs: number }> {
  const loaded = checkpoint && (await loadCheckpoint(checkpoint.store, checkpoint.prefix));
  if (!loaded) return { step: 0, earlierMs: 0, earlierCpuMs: 0 };
  const { ctx, ema } = run;
  assertResumable(loaded.meta.config, ctx.config, loaded.meta.dataHash, run.dataHash);
  loaded.reader.restoreModel(ctx.generator, loaded.meta.generator);
  loaded.reader.restoreModel(ctx.discriminator, loaded.meta.discriminator);
  if (ema && loaded.meta.generatorEma) loaded.reader.restoreModel(ema, loaded.meta.generatorEma);
  restoreAdam(ctx.optG, loaded, loaded.meta.optimizerG);
  restoreAdam(ctx.optD, loaded, loaded.meta.optimizerD);
  return { step: loaded.meta.step, earlierMs: loaded.meta.wallMs, earlierCpuMs: loaded.meta.cpuMs ?? 0 };
}

/**
 * The average generator, ready to sample: standing BatchNorm statistics start from the live
 * generator's and are re-estimated.
 */
function recalibrated(run: Run, rng: Rng): tf.LayersModel | undefined {
  const { ema, ctx } = run;
  if (!ema) return undefined;
  ema.nonTrainableWeights.forEach((w, i) => {
    const src = ctx.generator.nonTrainableWeights[i];
    if (src) w.write(src.read().clone());
  });
  recalibrateBatchNorm(ema, ctx.config.zDim, ctx.classes, rng.fork('ema-batchnorm'));
  return ema;
}

/** Wall and process CPU time since construction. */
class Stopwatch {
  private readonly t0 = performance.now();
  private readonly cpu0 = process.cpuUsage();
  wallMs(): number {
    return performance.now() - this.t0;
  }
  cpuMs(): number {
    const c = process.cpuUsage(this.cpu0);
    return (c.user + c.system) / 1000;
  }
}

/**
 * Trains (or resumes training of) the conditional GAN. The optimizers' state is released when the
 * run ends, whether it finished or failed; on failure the networks are released too.
 *
 * @example
 * const data = loadFashionMnist(locateFashionMnist().dir);
 * const { generator } = await trainGan({ data: data.train, config: resolveGanConfig({ preset: 'demo' }) });
 */
export async function trainGan(options: TrainGanOptions): Promise<TrainGanResult> {
  const backend = (await initTf()).name;
  const { config } = options;
  const rng = createRng(config.seed);
  const run = await startRun(options, rng);
  const { ctx, shape, ema, dataHash } = run;
  try {
    const from = await resume(run, options.checkpoint);
    let step = from.step;
    const end = Math.min(config.steps, options.stopAfter === undefined ? Infinity : step + options.stopAfter);
    const every = options.progressEvery ?? 10;
    const clock = new Stopwatch();
    const ckpt = options.checkpoint;
    const save = async (): Promise<void> => {
      if (!ckpt) return;
      const wallMs = from.earlierMs + clock.wallMs();
      const cpuMs = from.earlierCpuMs + clock.cpuMs();
      const generatorEma = recalibrated(run, rng);
      const { generator, discriminator, optG, optD } = ctx;
      const state = { step, config, dataHash, wallMs, cpuMs, backend, shape, generator, discriminator };
      await saveCheckpoint(ckpt.store, ckpt.prefix, { ...state, generatorEma, optG, optD });
    };
    while (step < end) {
      const wantLoss = options.onProgress !== undefined && ((step + 1) % every === 0 || step + 1 === end);
      scheduleLearningRates(ctx, step);
      const losses = trainStep(ctx, rng.fork(`step:${step}`), instanceNoiseStd(config, step), wantLoss);
      step += 1;
      if (ema) emaUpdate(ema, ctx.generator, config.emaDecay);
      if (losses) options.onProgress?.({ step, steps: config.steps, ...losses, elapsedMs: clock.wallMs() });
      if (ckpt && step % ckpt.every === 0 && step < end) await save();
      // Let timers (progress bars, signals) run between steps; a step is one synchronous block.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (ckpt && step > from.step) await save();
    else recalibrated(run, rng);
    const runMs = clock.wallMs();
    const runCpuMs = clock.cpuMs();
    const { generator, discriminator } = ctx;
    return {
      generator,
      generatorEma: ema,
      discriminator,
      shape,
      step,
      resumedFrom: from.step,
      runMs,
      totalMs: from.earlierMs + runMs,
      runCpuMs,
      totalCpuMs: from.earlierCpuMs + runCpuMs,
      backend,
      dataHash,
    };
  } catch (error) {
    for (const model of [ctx.generator, ctx.discriminator, ema]) model?.dispose();
    throw error;
  } finally {
    ctx.optG.dispose();
    ctx.optD.dispose();
  }
}

function assertResumable(
  saved: GanResolvedConfig,
  asked: GanResolvedConfig,
  savedHash: string,
  hash: string,
): void {
  // `steps` may grow (extend a finished run); anything else changes what the run computes. Both
  // sides' keys: an option newer than the checkpoint (absent there, i.e. off) must be off here too.
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(asked)])] as (keyof GanResolvedConfig)[];
  const differing = keys.filter((k) => k !== 'steps' && (saved[k] ?? 0) !== (asked[k] ?? 0));
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
