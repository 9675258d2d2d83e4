/**
 * Seeded weight initialisation for the GAN and classifier models.
 *
 * tfjs-layers draws its default initialisers from its own unseeded generator, so every model is
 * re-initialised here from our `Rng` instead: identical seeds give identical starting weights on
 * every backend. Scheme (DCGAN, Radford et al. 2016): kernels and embeddings ~ N(0, std²)
 * (std 0.02 unless given), biases and BatchNorm β 0, γ 1, moving mean 0, moving variance 1;
 * the power-iteration vector u of a spectrally normalised layer ~ N(0, 1) (its scale is irrelevant:
 * it is normalised at the first iteration), v 0 until that iteration.
 */
import type { Rng } from '#shared/random';
import { tf } from '../../runtime/tf.ts';

/**
 * Overwrites every weight of `model` (trainable or not) from `rng`, in `model.weights` order.
 *
 * @example
 * initWeights(buildGenerator(config), createRng(7).fork('generator'));
 */
export function initWeights(model: tf.LayersModel, rng: Rng, std = 0.02): void {
  const values = model.weights.map((w) => {
    const size = w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
    const data = new Float32Array(size);
    const name = w.originalName;
    if (name.endsWith('/kernel') || name.endsWith('/embeddings')) {
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    } else if (name.endsWith('/sn_u')) {
      for (let i = 0; i < size; i++) data[i] = rng.normal();
    } else if (name.endsWith('/gamma') || name.endsWith('/moving_variance')) {
      data.fill(1);
    } // bias, beta, moving_mean: zeros.
    return tf.tensor(data, w.shape as number[]);
  });
  model.setWeights(values);
  for (const v of values) v.dispose();
}
