/**
 * Seeded k-means for the IVF router (the coarse quantiser that splits item vectors into lists).
 *
 * Objective (metric 'l2'): minimise Σ‖x − c(x)‖² over a training sample, k-means++ seeding then
 * Lloyd iterations. Metric 'cosine' runs the same on unit-normalised rows and keeps unit
 * centroids (spherical k-means). Metric 'ip' is spherical k-means as FAISS trains IVF for inner
 * product: rows as they are, assignment by the largest x·c over unit centroids, and each
 * centroid the normalised mean of its rows (so longer rows weigh more than under 'cosine').
 *
 * Why 'l2' is the default for MIPS over MF vectors: the edge routes a query q to the lists whose
 * centroids score highest by q·c, and for an item x in list c, q·x = q·c + q·(x − c). Euclidean
 * k-means makes c the mean of its members and minimises the residuals x − c, so q·c is the
 * list's mean score and the error term is as small as the clustering can make it. Spherical
 * k-means ignores vector norms, yet in MF the norm carries popularity and dominates q·x; it is
 * kept as an option and both are measured in `npm run bench:index` (on ml-latest-small MF
 * embeddings, within 5% of items scanned: recall@10 0.99 with 'l2', 0.84 with 'ip', 0.79 with
 * 'cosine'). On clustered vectors of similar norms it is the other way round ('ip' reaches
 * recall 0.99 at 100k scanning 0.34% of the rows, 'l2' 0.86%), so the geometry is a config
 * option (IndexConfig.metric) and bench:edge uses 'ip' on its clustered data.
 *
 * Scale: centroids are trained on a uniform sample of at most `samplePerCentroid · k` rows
 * (faiss uses 256; 64 keeps the cost of a pass bounded), then every row is assigned once
 * (ivf-assign.ts); for thousands of lists two-level.ts splits the work further. Empty clusters
 * are re-seeded by splitting a large one with a small symmetric perturbation (the faiss rule),
 * so every centroid always has members. The products run in the shared scan kernel (kernels.ts).
 */
import { createRng, type Rng } from '#shared/random';
import { KERNEL_BLOCK_ROWS } from '#shared/search';
import {
  argmaxScores,
  dotRows,
  gatherRows,
  halfNegNorms,
  type Matrix,
  normalizeRows,
  scoresAgainst,
} from './kernels.ts';

export type KmeansMetric = 'l2' | 'cosine' | 'ip';

export interface KmeansOptions {
  k: number;
  /** Lloyd iterations at most (default 20); stops early when inertia improves < `tolerance`. */
  iterations?: number;
  /** Relative inertia improvement below which iterations stop (default 1e-4). */
  tolerance?: number;
  seed?: number;
  metric?: KmeansMetric;
  /** Training rows per centroid (default 64); the rest are only assigned afterwards. */
  samplePerCentroid?: number;
}

export interface KmeansResult {
  /** `k × dim` centroids; unit length for 'cosine' and 'ip'. */
  centroids: Matrix;
  metric: KmeansMetric;
  /** Iterations actually run. */
  iterations: number;
  /** Mean squared distance of the training rows to their centroid, last iteration. */
  inertia: number;
  trainingRows: number;
}

/** Indices of `m` distinct rows out of `n`, uniformly (partial Fisher–Yates). */
export function sampleRows(n: number, m: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextInt(n - i);
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  return idx.slice(0, m).sort();
}

/**
 * k-means++ seeding: each next centroid drawn with probability ∝ squared distance. Distances
 * are ‖x‖² − 2x·c + ‖c‖², with x·c for all rows from the scan kernel (one new centre a pass).
 */
function seedPlusPlus(x: Matrix, k: number, rng: Rng): Matrix {
  const { dim, rows } = x;
  const out = new Float32Array(k * dim);
  const d2 = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) norms[i] = dotRows(x.data, i, x.data, i, dim);
  let pick = rng.nextInt(rows);
  for (let c = 0; c < k; c++) {
    const centre = x.data.slice(pick * dim, (pick + 1) * dim);
    out.set(centre, c * dim);
    const cc = norms[pick] as number;
    let total = 0;
    for (let from = 0; from < rows; from += KERNEL_BLOCK_ROWS) {
      const to = Math.min(rows, from + KERNEL_BLOCK_ROWS);
      const dots = scoresAgainst(x, centre, from, to);
      for (let i = from; i < to; i++) {
        const s = Math.max(0, (norms[i] as number) - 2 * (dots[i - from] as number) + cc);
        if (s < (d2[i] as number)) d2[i] = s;
        total += d2[i] as number;
      }
    }
    if (total === 0) {
      pick = rng.nextInt(rows); // fewer distinct rows than k: duplicates, split later
      continue;
    }
    let r = rng.next() * total;
    pick = rows - 1;
    for (let i = 0; i < rows; i++) {
      r -= d2[i] as number;
      if (r < 0) {
        pick = i;
        break;
      }
    }
  }
  return { data: out, rows: k, dim };
}

/** Re-seeds empty clusters by splitting one picked ∝ (size − 1); returns how many. */
function splitEmpty(centroids: Matrix, counts: Float64Array, rng: Rng): number {
  const { dim, rows: k } = centroids;
  let fixed = 0;
  for (let e = 0; e < k; e++) {
    if ((counts[e] as number) > 0) continue;
    let total = 0;
    for (let j = 0; j < k; j++) total += Math.max(0, (counts[j] as number) - 1);
    if (total === 0) break;
    let r = rng.next() * total;
    let big = 0;
    for (let j = 0; j < k; j++) {
      r -= Math.max(0, (counts[j] as number) - 1);
      if (r < 0) {
        big = j;
        break;
      }
    }
    const c = centroids.data;
    for (let d = 0; d < dim; d++) {
      const v = c[big * dim + d] as number;
      const eps = (rng.next() < 0.5 ? -1 : 1) * 1e-3 * (Math.abs(v) + 1e-6);
      c[e * dim + d] = v + eps;
      c[big * dim + d] = v - eps;
    }
    counts[e] = (counts[big] as number) / 2;
    counts[big] = (counts[big] as number) / 2;
    fixed++;
  }
  return fixed;
}

/**
 * Trains `k` centroids on the rows of `x` (seeded, deterministic).
 *
 * @example
 * const { centroids } = kmeans({ data: vectors, rows: n, dim: 64 }, { k: 256, seed: 1 });
 */
export function kmeans(x: Matrix, options: KmeansOptions): KmeansResult {
  const { k } = options;
  const metric = options.metric ?? 'l2';
  const iterations = options.iterations ?? 20;
  const tolerance = options.tolerance ?? 1e-4;
  const rng = createRng(options.seed ?? 42);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (x.rows < k) throw new RangeError(`k-means needs at least k = ${k} rows, got ${x.rows}`);
  const m = Math.min(x.rows, k * (options.samplePerCentroid ?? 64));
  // A copy even when every row is used: 'cosine' normalises it in place.
  const sample = gatherRows(x, sampleRows(x.rows, m, rng.fork('sample')));
  if (metric === 'cosine') normalizeRows(sample);
  const seedRows = Math.min(m, Math.max(k * 16, 4096));
  const seedSet = seedRows === m ? sample : gatherRows(sample, sampleRows(m, seedRows, rng.fork('seed')));
  const centroids = seedPlusPlus(seedSet, k, rng.fork('plusplus'));
  const { dim } = x;
  const labels = new Int32Array(m);
  const best = new Float64Array(m);
  const sums = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  const splitRng = rng.fork('split');
  let sqNorms = 0;
  for (let i = 0; i < m; i++) {
    for (let d = 0; d < dim; d++) sqNorms += (sample.data[i * dim + d] as number) ** 2;
  }
  let inertia = Number.POSITIVE_INFINITY;
  let ran = 0;
  for (let it = 0; it < iterations; it++) {
    ran = it + 1;
    argmaxScores(sample, centroids, halfNegNorms(centroids), labels, best);
    // ‖x − c‖² = ‖x‖² − 2(x·c − ½‖c‖²): summed over rows without a second pass.
    let score = 0;
    for (let i = 0; i < m; i++) score += best[i] as number;
    const next = Math.max(0, (sqNorms - 2 * score) / m);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < m; i++) {
      const l = labels[i] as number;
      counts[l] = (counts[l] as number) + 1;
      const so = l * dim;
      const xo = i * dim;
      for (let d = 0; d < dim; d++) sums[so + d] = (sums[so + d] as number) + (sample.data[xo + d] as number);
    }
    for (let j = 0; j < k; j++) {
      const n = counts[j] as number;
      if (n === 0) continue;
      for (let d = 0; d < dim; d++) centroids.data[j * dim + d] = (sums[j * dim + d] as number) / n;
    }
    if (metric !== 'l2') normalizeRows(centroids);
    const split = splitEmpty(centroids, counts, splitRng);
    const improved = (inertia - next) / Math.max(inertia, Number.MIN_VALUE);
    inertia = next;
    if (split === 0 && it > 0 && improved >= 0 && improved < tolerance) break;
  }
  return { centroids, metric, iterations: ran, inertia, trainingRows: m };
}
