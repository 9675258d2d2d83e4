/**
 * Conditional discriminator (critic) with a projection head (Miyato & Koyama, "cGANs with
 * Projection Discriminator", 2018):
 *
 *   D(x, y) = wᵀφ(x) + b + ⟨E·onehot(y), φ(x)⟩
 *
 * φ: two stride-2 4×4 convs with LeakyReLU(0.2), flattened. The class enters as an inner product
 * with a learned per-class embedding, which conditions far more strongly than concatenating the
 * label to the image. No batch normalisation: batch statistics would couple samples, which the
 * WGAN gradient penalty (a per-sample gradient norm) does not allow. With `spectralNorm` every
 * conv, the linear head and the class embedding use spectrally normalised kernels
 * (spectral-norm.ts; the projection discriminator's own recipe). With `minibatchStd` the last conv
 * also sees how varied each group of samples is (minibatch-std.ts). Returns raw logits [n, 1]
 * (and, with `auxClassifier`, class logits [n, classes] as a second output).
 */
import type { Rng } from '#shared/random';
import { tf } from '../../runtime/tf.ts';
import { IMAGE_SIDE, NUM_CLASSES } from './generator.ts';
import { initWeights } from './init.ts';
import { MinibatchStd } from './minibatch-std.ts';
import { SpectralConv2D, SpectralDense, spectralPowerStep } from './spectral-norm.ts';

export interface DiscriminatorConfig {
  /** Channels after each stride-2 conv (28×28 input: at 14×14 and 7×7). */
  channels: number[];
  /** Input side (default 28) and channels (default 1), number of categories (default 10). */
  side?: number;
  imageChannels?: number;
  classes?: number;
  /**
   * Adds a second output, class logits [n, 10] from φ(x) (the AC-GAN auxiliary classifier,
   * Odena et al. 2017), trained on real images only; used when `classWeight` > 0.
   */
  auxClassifier?: boolean;
  /** Spectral normalisation (Miyato et al. 2018) of every conv, the linear head and the embedding. */
  spectralNorm?: boolean;
  /** A minibatch standard-deviation channel (Karras et al. 2018) before the last conv. */
  minibatchStd?: boolean;
}

/**
 * Builds the discriminator with seeded initial weights; inputs `[image [n,side,side,ch], label [n,classes]]`.
 * The output is a tensor, or `[logits, classLogits]` with `auxClassifier`.
 *
 * @example
 * const d = buildDiscriminator({ channels: [32, 64] }, createRng(1).fork('d'));
 * const logits = d.apply([images, oneHot]) as tf.Tensor; // [n, 1]
 */
export function buildDiscriminator(config: DiscriminatorConfig, rng: Rng): tf.LayersModel {
  const side = config.side ?? IMAGE_SIDE;
  const classes = config.classes ?? NUM_CLASSES;
  const image = tf.input({ shape: [side, side, config.imageChannels ?? 1], name: 'image' });
  const label = tf.input({ shape: [classes], name: 'label' });
  const sn = config.spectralNorm === true;
  const conv = (filters: number) =>
    sn
      ? new SpectralConv2D({ units: filters, useBias: true })
      : tf.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same' });
  const dense = (units: number, useBias: boolean) =>
    sn ? new SpectralDense({ units, useBias }) : tf.layers.dense({ units, useBias });
  let h = image;
  for (const [i, filters] of config.channels.entries()) {
    if (config.minibatchStd && i === config.channels.length - 1) {
      h = new MinibatchStd().apply(h) as tf.SymbolicTensor;
    }
    h = conv(filters).apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tf.SymbolicTensor;
  }
  const features = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const linear = dense(1, true).apply(features) as tf.SymbolicTensor;
  const finalSide = Math.ceil(side / 2 ** config.channels.length);
  const flat = finalSide * finalSide * (config.channels.at(-1) ?? 1);
  const embedded = dense(flat, false).apply(label) as tf.SymbolicTensor;
  const projection = tf.layers.dot({ axes: -1 }).apply([features, embedded]) as tf.SymbolicTensor;
  const logit = tf.layers.add().apply([linear, projection]) as tf.SymbolicTensor;
  const outputs = [logit];
  if (config.auxClassifier)
    outputs.push(tf.layers.dense({ units: classes }).apply(features) as tf.SymbolicTensor);
  const model = tf.model({ inputs: [image, label], outputs, name: 'discriminator' });
  initWeights(model, rng);
  // u starts random (initWeights); one iteration makes v and σ consistent before any forward pass.
  spectralPowerStep(model);
  return model;
}
