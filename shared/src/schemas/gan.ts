/**
 * Creative-generator (conditional GAN) training options and the checkpoint format.
 *
 * Options are all optional on the wire: a named preset supplies every default (see
 * batch/src/models/gan/presets.ts) and an explicit option overrides it, so `--preset full
 * --loss hinge` means "the full preset with the hinge loss". The resolved set is recorded in every
 * checkpoint, so a resumed run uses exactly the options it started with.
 */
import * as z from 'zod';
import { Sha256Hex } from './common.ts';

export const GAN_LOSSES = ['ns', 'hinge', 'wgan-gp'] as const;
export const GanLoss = z.enum(GAN_LOSSES);
export type GanLoss = z.infer<typeof GanLoss>;

export const GAN_PRESETS = ['demo', 'full'] as const;
export const GanPreset = z.enum(GAN_PRESETS);
export type GanPreset = z.infer<typeof GanPreset>;

/** Every hyper-parameter, without defaults (a preset supplies them). */
const GanOptionFields = z.object({
  loss: GanLoss.describe('objective: ns (non-saturating), hinge, or wgan-gp (gradient penalty)'),
  steps: z.coerce.number().int().min(1).describe('generator updates'),
  batchSize: z.coerce.number().int().min(2).max(1024).describe('images per batch'),
  dSteps: z.coerce.number().int().min(1).max(10).describe('discriminator updates per generator update'),
  labelSmoothing: z.coerce.number().min(0).max(0.5).describe('one-sided: real target 1 − s (ns loss only)'),
  instanceNoise: z.coerce
    .number()
    .min(0)
    .max(2)
    .describe('std of Gaussian noise added to D inputs, annealed linearly to 0 at half the steps'),
  gpWeight: z.coerce.number().min(0).describe('gradient-penalty weight λ (wgan-gp only)'),
  classWeight: z.coerce
    .number()
    .min(0)
    .describe(
      'auxiliary classification weight (AC-GAN): D also classifies real images, G is rewarded when its ' +
        'samples are classified as the asked category; 0 = projection conditioning only',
    ),
  modeSeeking: z.coerce
    .number()
    .min(0)
    .describe(
      'mode-seeking regulariser weight (Mao et al. 2019): rewards samples of one category that differ ' +
        'when their noise differs; 0 = off',
    ),
  emaDecay: z.coerce
    .number()
    .min(0)
    .max(0.99999)
    .describe(
      'decay of an exponential moving average of the generator weights (Yazıcı et al. 2019), the ' +
        'generator that is evaluated and exported; 0 = off (the last weights)',
    ),
  spectralNorm: z
    .boolean()
    .describe(
      'spectral normalisation of the discriminator (Miyato et al. 2018): every D layer 1-Lipschitz, ' +
        'σ by one power iteration per D update',
    ),
  minibatchStd: z
    .boolean()
    .describe(
      'minibatch standard-deviation channel in the discriminator (Karras et al. 2018): D sees how ' +
        'varied each group of 4 samples is, against mode collapse (ns or hinge loss)',
    ),
  lrG: z.coerce.number().positive().describe('Adam learning rate of the generator'),
  lrD: z.coerce.number().positive().describe('Adam learning rate of the discriminator'),
  beta1: z.coerce.number().min(0).max(1).describe('Adam β1'),
  beta2: z.coerce.number().min(0).max(1).describe('Adam β2'),
  zDim: z.coerce.number().int().min(1).max(512).describe('noise dimension'),
  width: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .describe('channel width c: generator 2c→c channels, discriminator c→2c'),
  seed: z.coerce.number().int().nonnegative().describe('seed of weights, noise and batch order'),
  dWidth: z.coerce
    .number()
    .int()
    .min(0)
    .max(256)
    .describe('discriminator channel width (c→2c); 0 = the same as `width`'),
  lrDecay: z.coerce
    .number()
    .min(0)
    .max(1)
    .describe(
      'fraction of the run at whose end both learning rates fall linearly to 0 (0.5: constant for the ' +
        'first half, then linear decay); 0 = constant',
    ),
});

/**
 * Every hyper-parameter, all required: what a preset defines and a checkpoint records. The terms
 * added after the first checkpoints default to off, so those checkpoints still parse.
 */
export const GanResolvedConfig = GanOptionFields.extend({
  classWeight: GanOptionFields.shape.classWeight.default(0),
  modeSeeking: GanOptionFields.shape.modeSeeking.default(0),
  emaDecay: GanOptionFields.shape.emaDecay.default(0),
  spectralNorm: GanOptionFields.shape.spectralNorm.default(false),
  minibatchStd: GanOptionFields.shape.minibatchStd.default(false),
  // Optional rather than defaulted: configs written before these existed (checkpoints, fixtures)
  // stay valid as they are; absent means 0 (the behaviour they were trained with).
  dWidth: GanOptionFields.shape.dWidth.optional(),
  lrDecay: GanOptionFields.shape.lrDecay.optional(),
});
export type GanResolvedConfig = z.infer<typeof GanResolvedConfig>;

/**
 * What a user passes: a preset plus any overrides. No field has a default here, so an option the
 * user did not give never overrides the preset's value.
 */
export const GanTrainConfig = GanOptionFields.partial().extend({
  preset: GanPreset.default('demo').describe('named set of defaults: demo (≤ 5 min on 2 cores) or full'),
});
export type GanTrainConfig = z.infer<typeof GanTrainConfig>;

/**
 * The images a generator draws: side, channels (1 grey, 3 RGB) and its category list (the
 * shop's own categories, or Fashion-MNIST's), in one-hot label order.
 */
export const GanImageShape = z.object({
  side: z.number().int().min(8).max(512),
  channels: z.union([z.literal(1), z.literal(3)]),
  categories: z.array(z.string().min(1)).min(2),
});
export type GanImageShape = z.infer<typeof GanImageShape>;

/** One tensor inside a checkpoint's weights blob (float32 little-endian, `offset` in bytes). */
export const CheckpointTensor = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  offset: z.number().int().nonnegative(),
});
export type CheckpointTensor = z.infer<typeof CheckpointTensor>;

export const AdamStateMeta = z.object({
  t: z.number().int().nonnegative(),
  moments: z.array(CheckpointTensor),
});

/** `checkpoint.json`: written after its weights blob, so it only ever names a complete one. */
export const GanCheckpointMeta = z.object({
  format: z.literal('vitrine-gan-checkpoint'),
  version: z.literal(1),
  /** Generator updates completed; a resumed run continues with step `step`. */
  step: z.number().int().nonnegative(),
  config: GanResolvedConfig,
  /** What the generator draws; absent in checkpoints from before shop images: Fashion-MNIST 28×28 grey. */
  shape: GanImageShape.optional(),
  /** Training data fingerprint, so a resume on different data is refused. */
  dataHash: Sha256Hex,
  weightsKey: z.string(),
  weightsSha256: Sha256Hex,
  /** Every weight of each model (trainable and BatchNorm moving statistics), in model order. */
  generator: z.array(CheckpointTensor),
  discriminator: z.array(CheckpointTensor),
  /** The moving average of the generator (with its own BatchNorm statistics) when `emaDecay` > 0. */
  generatorEma: z.array(CheckpointTensor).optional(),
  /** Adam state per model: update count and moments (m then v per trainable weight). */
  optimizerG: AdamStateMeta,
  optimizerD: AdamStateMeta,
  wallMs: z.number().nonnegative().describe('training wall time summed over all runs so far'),
  cpuMs: z
    .number()
    .nonnegative()
    .optional()
    .describe('process CPU time (user + system) of training, summed over all runs so far'),
  backend: z.string(),
});
export type GanCheckpointMeta = z.infer<typeof GanCheckpointMeta>;

/**
 * One line of a shop's picture list (`vitrine gan-train --images-list pictures.jsonl`): a picture
 * (http(s) URL, file:// URL, or a path relative to the list) and the item's category path
 * (`Home > Kitchen > Knives`) — the two fields of a catalogue item the generator trains on.
 */
export const GanPictureRef = z.object({
  image: z.string().min(1),
  category: z.string().min(1),
});
export type GanPictureRef = z.infer<typeof GanPictureRef>;
