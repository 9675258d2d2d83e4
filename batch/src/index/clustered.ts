/**
 * Seeded clustered vectors for measuring approximate search (tests and `bench:index`).
 * Random Gaussian vectors have no structure for an index to exploit, so recall on them says
 * little; embeddings of real catalogues cluster (by category, taste, price band). Each row here
 * is a cluster centre plus isotropic noise, scaled by a log-normal factor so that norms vary the
 * way MF item norms do (popular items are longer), which is what makes inner-product search
 * harder than cosine search. Queries are drawn from the same mixture, independently of items.
 */
import { createRng } from '#shared/random';
import type { Matrix } from './kernels.ts';

export interface ClusteredOptions {
  rows: number;
  dim: number;
  clusters: number;
  /** Noise std relative to the centre norm (default 0.35). */
  spread?: number;
  /** Std of the log of the per-row scale (default 0.25). */
  normSpread?: number;
  seed: number;
}

/** Shared centres for a given seed, so items and queries come from the same mixture. */
function centres(dim: number, clusters: number, seed: number): Float32Array {
  const rng = createRng(seed).fork('centres');
  const c = new Float32Array(clusters * dim);
  const s = 1 / Math.sqrt(dim);
  for (let i = 0; i < c.length; i++) c[i] = rng.normal() * s;
  return c;
}

/**
 * `rows × dim` vectors around `clusters` centres (row r belongs to a cluster drawn uniformly).
 * `stream` separates independent draws from the same mixture ('items', 'queries').
 *
 * @example
 * const items = clusteredVectors({ rows: 20_000, dim: 32, clusters: 100, seed: 1 }, 'items');
 */
export function clusteredVectors(options: ClusteredOptions, stream: string): Matrix {
  const { rows, dim, clusters, seed } = options;
  const spread = (options.spread ?? 0.35) / Math.sqrt(dim);
  const normSpread = options.normSpread ?? 0.25;
  const c = centres(dim, clusters, seed);
  const rng = createRng(seed).fork(stream);
  const data = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const j = rng.nextInt(clusters);
    const scale = Math.exp(normSpread * rng.normal());
    for (let d = 0; d < dim; d++) {
      data[r * dim + d] = scale * ((c[j * dim + d] as number) + spread * rng.normal());
    }
  }
  return { data, rows, dim };
}
