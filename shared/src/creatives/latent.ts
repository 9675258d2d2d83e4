/**
 * Generator inputs for a (category, seed) pair: the one definition both the batch library and
 * the edge Worker use, so "category c, seed s" names the same image everywhere and a prebuilt
 * creative is exactly what the Worker would draw on demand.
 *
 * Noise depends on the seed only (standard normal draws from `createRng(seed)`), so one seed
 * keeps its "style" across categories; the category enters as a one-hot label.
 */
import { createRng } from '#shared/random';

export interface GeneratorInputs {
  /** [count, noiseDim] row-major. */
  noise: Float32Array;
  /** [count, categories] one-hot rows. */
  label: Float32Array;
  count: number;
}

/**
 * Inputs for a batch of (category, seed) requests, in order.
 *
 * @example
 * const { noise, label } = generatorInputs([{ category: 'bag', seed: 3 }], 64, manifest.generator.categories);
 * // noise: 64 N(0,1) draws from seed 3; label: one-hot at index 8
 */
export function generatorInputs(
  requests: readonly { category: string; seed: number }[],
  noiseDim: number,
  categories: readonly string[],
): GeneratorInputs {
  const count = requests.length;
  const noise = new Float32Array(count * noiseDim);
  const label = new Float32Array(count * categories.length);
  requests.forEach(({ category, seed }, row) => {
    const index = categories.indexOf(category);
    if (index < 0) throw new RangeError(`category ${category} is not one of the generator's categories`);
    label[row * categories.length + index] = 1;
    const rng = createRng(seed);
    for (let i = 0; i < noiseDim; i++) noise[row * noiseDim + i] = rng.normal();
  });
  return { noise, label, count };
}
