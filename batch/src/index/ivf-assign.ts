/**
 * The one full pass of IVF building: every row to its centroid, in blocks so that a 1M-row
 * catalogue never needs a normalised copy of itself.
 */
import { argmaxScores, halfNegNorms, type Matrix, normalizeRows } from './kernels.ts';
import type { KmeansMetric } from './kmeans.ts';

/**
 * Assigns every row to its centroid (nearest in L2, or by angle for 'cosine').
 *
 * @example
 * const labels = assignRows(items, ivf.centroids, 'l2');
 */
export function assignRows(x: Matrix, centroids: Matrix, metric: KmeansMetric): Int32Array {
  const labels = new Int32Array(x.rows);
  const best = new Float64Array(Math.min(x.rows, 65_536));
  const bias = halfNegNorms(centroids);
  // Blocks keep the temporary (normalised copy, scores) small for 1M-row catalogues.
  for (let from = 0; from < x.rows; from += best.length) {
    const to = Math.min(x.rows, from + best.length);
    let block: Matrix = { data: x.data.subarray(from * x.dim, to * x.dim), rows: to - from, dim: x.dim };
    if (metric === 'cosine') block = normalizeRows({ ...block, data: block.data.slice() });
    argmaxScores(block, centroids, bias, labels.subarray(from, to), best.subarray(0, to - from));
  }
  return labels;
}
