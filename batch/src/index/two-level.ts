/**
 * Two-level k-means for large list counts: the build-time shortcut that keeps 1M × 64 with
 * thousands of lists to seconds. Flat k-means costs rows × k dot products per pass; here the
 * centroids are trained on a sample (`trainRows`, FAISS trains on a sample too), first k₁ = √k
 * coarse groups, then each group gets its own k-means with a share of the k lists proportional
 * to its size, so a row costs k₁ + probe·k/k₁ dot products instead of k.
 *
 * Group borders are where this could go wrong: a natural cluster cut by a coarse border would
 * be split between two groups' lists. So after the per-group training, `refinePasses` Lloyd
 * passes over the sample reassign every row to its best list among the lists of its
 * `probeGroups` best coarse groups, recompute the means, and move each coarse centroid to the
 * centre of the lists its group owns now. Then every row of the catalogue is assigned once the
 * same way (in worker threads, assign-pool.ts; `fullPasses` more Lloyd passes over all rows are
 * optional); the final centroids are exact means of the final lists, so routing (q·c at the
 * edge, always over the flat list of centroids) matches what each list holds.
 *
 * Measured layouts (recall@10 against the fraction of rows scanned, build seconds) are in
 * docs/benchmarks.md (bench:index:layouts). On ml-latest-small MF embeddings (197 lists) the
 * two-level trainer lost recall at small budgets, which is why buildIvf uses it only for large
 * list counts.
 */

import { createRng } from '#shared/random';
import { type AssignPool, openAssignPool, sharedRows } from './assign-pool.ts';
import type { FineResult } from './fine-kmeans.ts';
import { groupByLabel } from './grouping.ts';
import { assignRows } from './ivf-assign.ts';
import { gatherRows, type Matrix, normalizeRows } from './kernels.ts';
import { type KmeansMetric, kmeans, sampleRows } from './kmeans.ts';
import type { TwoLevelRouter } from './probe-assign.ts';

export interface TwoLevelOptions {
  k: number;
  metric: KmeansMetric;
  seed: number;
  iterations: number;
  samplePerCentroid: number;
  /** Coarse groups whose lists a row may join (default 8). */
  probeGroups?: number;
  /** Refinement passes over the training sample after the per-group training (default 3). */
  refinePasses?: number;
  /** Rows the centroids are trained on (default k · TRAIN_PER_LIST, at most all rows). */
  trainRows?: number;
  /** Lloyd passes over all rows after the first full assignment (default 0). */
  fullPasses?: number;
  /**
   * Coarse groups probed in the passes over all rows (default `probeGroups`). Those passes cost
   * most, but 4 instead of 8 groups cost recall at 1M rows (recall@10 0.98 needed 2.6% of the
   * rows scanned instead of 0.8%: docs/benchmarks.md, bench:index:layouts).
   */
  fullProbeGroups?: number;
  /** Threads for the passes over all rows (default 1: the calling thread). */
  threads?: number;
  /** Told why worker threads could not start (the passes then run on the calling thread). */
  onFallback?: (why: string) => void;
}

/** Training rows per list when `trainRows` is not given (FAISS samples up to 256 per list). */
export const TRAIN_PER_LIST = 16;

export interface TwoLevelResult {
  labels: Int32Array;
  centroids: Matrix;
  iterations: number;
  trainingRows: number;
}
/** Splits `k` lists over groups ∝ their sizes (largest remainder; ≥ 1 and ≤ size per group). */
function shareLists(sizes: number[], k: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const raw = sizes.map((s) => (s * k) / n);
  const share = raw.map((r, g) =>
    Math.min(sizes[g] as number, Math.max(sizes[g] === 0 ? 0 : 1, Math.floor(r))),
  );
  let left = k - share.reduce((a, b) => a + b, 0);
  const order = raw.map((r, g) => [r - Math.floor(r), g] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; left > 0 && i < order.length * 4; i++) {
    const g = (order[i % order.length] as readonly [number, number])[1];
    if ((share[g] as number) < (sizes[g] as number)) {
      share[g] = (share[g] as number) + 1;
      left--;
    }
  }
  return share;
}

/**
 * Coarse groups and per-group fine lists trained on `sample` (the router before refinement); the
 * groups' k-means run on the pool's threads.
 */
async function trainRouter(
  sample: Matrix,
  o: TwoLevelOptions,
  pool: AssignPool,
): Promise<{ router: TwoLevelRouter; labels: Int32Array; iterations: number }> {
  const k1 = Math.max(1, Math.min(o.k, Math.round(Math.sqrt(o.k))));
  const train = { metric: o.metric, iterations: o.iterations, samplePerCentroid: o.samplePerCentroid };
  const coarse = kmeans(sample, { ...train, k: k1, seed: o.seed });
  const groups = groupByLabel(assignRows(sample, coarse.centroids, o.metric), k1);
  const share = shareLists(
    groups.map((g) => g.length),
    o.k,
  );
  const trained = groups.map((rows, g) => ({ rows, g })).filter(({ g }) => (share[g] as number) > 0);
  const results = await pool.fine(
    trained.map(({ rows, g }) => ({
      rows: gatherRows(sample, rows),
      // Ten iterations are plenty here: the refinement passes keep moving these centroids.
      options: {
        ...train,
        k: share[g] as number,
        seed: o.seed + 1 + g,
        iterations: Math.min(10, o.iterations),
      },
    })),
  );
  const labels = new Int32Array(sample.rows);
  let next = 0;
  let iterations = coarse.iterations;
  for (const [t, { rows, g }] of trained.entries()) {
    const fine = results[t] as FineResult;
    iterations = Math.max(iterations, fine.iterations);
    for (let i = 0; i < rows.length; i++) labels[rows[i] as number] = next + (fine.labels[i] as number);
    next += share[g] as number;
  }
  // ranges[g] .. ranges[g + 1]: the lists trained inside coarse group g.
  const ranges = [0];
  for (const kg of share) ranges.push((ranges.at(-1) as number) + kg);
  const fine = meansByLabel(sample, labels, next, o.metric, null);
  return { router: { coarse: coarse.centroids, fine, ranges, metric: o.metric }, labels, iterations };
}

/**
 * Labels every row with one of ~k lists and returns the lists' exact centroids.
 *
 * @example
 * const { labels, centroids } = await twoLevelKmeans(items, { k: 4000, metric: 'ip', seed: 1, iterations: 20, samplePerCentroid: 32, threads: 2 });
 */
export async function twoLevelKmeans(x: Matrix, o: TwoLevelOptions): Promise<TwoLevelResult> {
  const m = Math.min(x.rows, Math.max(o.k, o.trainRows ?? o.k * TRAIN_PER_LIST));
  const pool: AssignPool = await openAssignPool(o.threads ?? 1, o.onFallback);
  try {
    const share = (mat: Matrix) => (pool.threads > 1 ? sharedRows(mat) : mat);
    const rows = share(x);
    const sample =
      m === x.rows ? rows : share(gatherRows(x, sampleRows(x.rows, m, createRng(o.seed).fork('two-level'))));
    const trained = await trainRouter(sample, o, pool);
    const { router } = trained;
    const probe = o.probeGroups ?? 8;
    let labels = trained.labels;
    for (let pass = 0; pass < (o.refinePasses ?? 3); pass++) {
      labels = await pool.assign(sample, router, probe);
      router.fine = meansByLabel(sample, labels, router.fine.rows, o.metric, router.fine);
      router.coarse = groupCentroids(router, labels);
    }
    const fullPasses = sample === rows ? (o.fullPasses ?? 0) : 1 + (o.fullPasses ?? 0);
    for (let pass = 0; pass < fullPasses; pass++) {
      labels = await pool.assign(rows, router, o.fullProbeGroups ?? probe);
      router.fine = meansByLabel(x, labels, router.fine.rows, o.metric, router.fine);
    }
    return { labels, centroids: router.fine, iterations: trained.iterations, trainingRows: m };
  } finally {
    pool.close();
  }
}

/**
 * Each coarse group's centroid moved to the (size-weighted) centre of the lists it owns now:
 * refinement moves lists away from where the coarse k-means put their group, and routing a row
 * by stale group centroids sends it past its best list.
 */
function groupCentroids(router: TwoLevelRouter, labels: Int32Array): Matrix {
  const { fine, ranges, metric } = router;
  const counts = new Float64Array(fine.rows);
  for (const l of labels) counts[l] = (counts[l] as number) + 1;
  const { dim } = fine;
  const groups = ranges.length - 1;
  const data = new Float32Array(groups * dim);
  for (let g = 0; g < groups; g++) {
    const acc = new Float64Array(dim);
    let n = 0;
    for (let j = ranges[g] as number; j < (ranges[g + 1] as number); j++) {
      const w = counts[j] as number;
      n += w;
      for (let d = 0; d < dim; d++) acc[d] = (acc[d] as number) + w * (fine.data[j * dim + d] as number);
    }
    const keep = n === 0 ? router.coarse.data.subarray(g * dim, (g + 1) * dim) : acc.map((v) => v / n);
    data.set(keep, g * dim);
  }
  const out = { data, rows: groups, dim };
  return metric === 'l2' ? out : normalizeRows(out);
}

/**
 * Centroid of each label's rows in one pass (the mean; unit mean of the unit rows for 'cosine',
 * unit mean of the rows for 'ip'); a label without rows keeps its previous centroid, if any.
 */
export function meansByLabel(
  x: Matrix,
  labels: Int32Array,
  k: number,
  metric: KmeansMetric,
  previous: Matrix | null,
): Matrix {
  const { dim } = x;
  const sums = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const l = labels[i] as number;
    counts[l] = (counts[l] as number) + 1;
    const o = i * dim;
    let w = 1;
    if (metric === 'cosine') {
      let n2 = 0;
      for (let d = 0; d < dim; d++) n2 += (x.data[o + d] as number) ** 2;
      w = n2 > 0 ? 1 / Math.sqrt(n2) : 0;
    }
    const so = l * dim;
    for (let d = 0; d < dim; d++) sums[so + d] = (sums[so + d] as number) + w * (x.data[o + d] as number);
  }
  const data = new Float32Array(k * dim);
  for (let j = 0; j < k; j++) {
    const n = counts[j] as number;
    if (n === 0) {
      if (previous !== null) data.set(previous.data.subarray(j * dim, (j + 1) * dim), j * dim);
      continue;
    }
    for (let d = 0; d < dim; d++) data[j * dim + d] = (sums[j * dim + d] as number) / n;
  }
  const out = { data, rows: k, dim };
  if (metric !== 'l2') normalizeRows(out);
  return out;
}
