/**
 * Seeded data with a known answer for the MF tests: users and items split into blocks, each user
 * interacting only with (a random share of) the items of their own block — a block-diagonal
 * "checkerboard". A working recommender must rank unseen same-block items above all others.
 */
import { createRng } from '#shared/random';
import { MfConfig } from '#shared/schemas';
import { InteractionBuilder, type InteractionSet } from '../../../batch/src/data/interactions.ts';

export interface Planted {
  set: InteractionSet;
  /** Block of each user index and item index. */
  userBlock: Int32Array;
  itemBlock: Int32Array;
}

/**
 * `blocks` blocks of `usersPerBlock` users and `itemsPerBlock` items; each user touches each item
 * of their block with probability `density`.
 */
export function plantedBlocks(
  seed: number,
  blocks = 3,
  usersPerBlock = 30,
  itemsPerBlock = 20,
  density = 0.5,
): Planted {
  const rng = createRng(seed);
  const b = new InteractionBuilder();
  const userBlock = new Int32Array(blocks * usersPerBlock);
  const itemBlock = new Int32Array(blocks * itemsPerBlock);
  // Intern ids up front so index = block * size + offset.
  for (let u = 0; u < userBlock.length; u++) {
    b.internUser(`u${u}`);
    userBlock[u] = Math.floor(u / usersPerBlock);
  }
  for (let i = 0; i < itemBlock.length; i++) {
    b.internItem(`i${i}`);
    itemBlock[i] = Math.floor(i / itemsPerBlock);
  }
  for (let u = 0; u < userBlock.length; u++) {
    const blk = userBlock[u]!;
    for (let i = blk * itemsPerBlock; i < (blk + 1) * itemsPerBlock; i++) {
      if (rng.next() < density) b.addIndexed(u, i, 1);
    }
  }
  return { set: b.build(), userBlock, itemBlock };
}

/** Indices of the `k` largest scores, excluding `skip`. */
export function topIndices(
  scores: ArrayLike<number>,
  k: number,
  skip: ReadonlySet<number> = new Set(),
): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .filter((i) => !skip.has(i))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

/** x·Y for every item row of Y. */
export function scoresOf(x: Float32Array, y: Float32Array, dim: number): Float64Array {
  const n = y.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += x[d]! * y[i * dim + d]!;
    out[i] = s;
  }
  return out;
}

/**
 * A small iALS config for the planted-block tests: one thread, raw weights as confidences
 * (alpha 0), light regularisation; `over` picks the size and compute.
 */
export const plantedConfig = (over: Partial<MfConfig> = {}): MfConfig =>
  MfConfig.parse({
    threads: 1,
    alpha: 0,
    unobservedWeight: 0.1,
    regularization: 0.01,
    regularizationExponent: 1,
    ...over,
  });
