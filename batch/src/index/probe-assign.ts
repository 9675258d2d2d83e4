/**
 * Assignment through a two-level router: each row goes to its best list among the lists of its
 * `probe` best coarse groups, so a row costs k₁ + probe·k/k₁ products instead of k (about 570
 * instead of 4000 at 1M items × 4000 lists). Used for the refinement passes of two-level
 * k-means and for the one full pass over every row, on the calling thread or in worker threads
 * (assign-pool.ts): a row's label depends only on the row and the centroids, so the result is
 * the same for any number of threads.
 */
import { KERNEL_BLOCK_ROWS, scanKernel } from '#shared/search';
import { halfNegNorms, type Matrix, normalizeRows } from './kernels.ts';
import type { KmeansMetric } from './kmeans.ts';
import { installScanKernel } from './scan-kernel.ts';

/** Coarse centroids, the fine lists' centroids and which fine lists each coarse group owns. */
export interface TwoLevelRouter {
  coarse: Matrix;
  fine: Matrix;
  /** ranges[g] .. ranges[g + 1]: the fine lists of coarse group g. */
  ranges: number[];
  metric: KmeansMetric;
}

/** Bias that turns the largest `x·c + bias` into the metric's best centroid. */
export function routerBias(centroids: Matrix, metric: KmeansMetric): Float64Array {
  // Spherical metrics keep unit centroids: x·c alone ranks them (the bias would be constant).
  return metric === 'l2' ? halfNegNorms(centroids) : new Float64Array(centroids.rows);
}

/** The `probe` best coarse groups of every row of `block` (row-major, `probe` per row). */
function bestGroups(block: Matrix, coarse: Matrix, bias: Float64Array, probe: number): Int32Array {
  const kernel = scanKernel();
  const out = new Int32Array(block.rows * probe);
  const topScore = new Float64Array(probe);
  const { dim } = block;
  kernel.forget(coarse.data);
  for (let i = 0; i < block.rows; i++) {
    topScore.fill(Number.NEGATIVE_INFINITY);
    const top = out.subarray(i * probe, (i + 1) * probe);
    const row = block.data.subarray(i * dim, (i + 1) * dim);
    for (let from = 0; from < coarse.rows; from += KERNEL_BLOCK_ROWS) {
      const to = Math.min(coarse.rows, from + KERNEL_BLOCK_ROWS);
      const scores = kernel.scoreF32(row, coarse.data, dim, from, to);
      for (let j = 0; j < scores.length; j++) {
        const s = (scores[j] as number) + (bias[from + j] as number);
        if (s <= (topScore[probe - 1] as number)) continue;
        let p = probe - 1;
        for (; p > 0 && s > (topScore[p - 1] as number); p--) {
          topScore[p] = topScore[p - 1] as number;
          top[p] = top[p - 1] as number;
        }
        topScore[p] = s;
        top[p] = from + j;
      }
    }
  }
  return out;
}

/**
 * Labels rows [from, to) of `x` with their best fine list among those of their `probe` best
 * coarse groups (writes `labels[from..to)`).
 *
 * @example
 * probeAssign(items, router, 8, labels, 0, items.rows);
 */
export function probeAssign(
  x: Matrix,
  router: TwoLevelRouter,
  probe: number,
  labels: Int32Array,
  from: number,
  to: number,
): void {
  installScanKernel();
  const { dim } = x;
  const { coarse, fine, ranges, metric } = router;
  const p = Math.max(1, Math.min(coarse.rows, probe));
  const coarseBias = routerBias(coarse, metric);
  const fineBias = routerBias(fine, metric);
  const fineBias32 = Float32Array.from(fineBias);
  const kernel = scanKernel();
  kernel.forget(fine.data);
  const BLOCK = 32_768;
  for (let start = from; start < to; start += BLOCK) {
    const end = Math.min(to, start + BLOCK);
    let block: Matrix = { data: x.data.subarray(start * dim, end * dim), rows: end - start, dim };
    if (metric === 'cosine') block = normalizeRows({ ...block, data: block.data.slice() });
    const groups = bestGroups(block, coarse, coarseBias, p);
    for (let i = 0; i < block.rows; i++) {
      const row = block.data.subarray(i * dim, (i + 1) * dim);
      let best = Number.NEGATIVE_INFINITY;
      let label = 0;
      for (let q = i * p; q < (i + 1) * p; q++) {
        const g = groups[q] as number;
        const lo = ranges[g] as number;
        const hi = ranges[g + 1] as number;
        if (hi === lo) continue;
        const j = lo + kernel.argmaxF32(row, fine.data, fineBias32, dim, lo, hi);
        if (kernel.lastMax() > best) {
          best = kernel.lastMax();
          label = j;
        }
      }
      // Every probed group without lists (possible only for groups that won no training row):
      // the best list of all.
      if (best === Number.NEGATIVE_INFINITY)
        label = kernel.argmaxF32(row, fine.data, fineBias32, dim, 0, fine.rows);
      labels[start + i] = label;
    }
  }
}
