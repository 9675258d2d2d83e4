/**
 * Dense inner-product kernels for the index builder: the one hot loop of k-means, list
 * assignment and the reference search. The products run in the shared scan kernel (WebAssembly
 * SIMD in Node, scalar JavaScript where that is unavailable), the same code the edge scans with.
 */
import { KERNEL_BLOCK_ROWS, scanKernel } from '#shared/search';
import { installScanKernel } from './scan-kernel.ts';

/** Row-major `rows × dim` matrix of f32 values. */
export interface Matrix {
  data: Float32Array;
  rows: number;
  dim: number;
}

/** `a[ai·dim ..] · b[bi·dim ..]`, accumulated in f64 by V8's number arithmetic. */
export function dotRows(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  const ao = ai * dim;
  const bo = bi * dim;
  let s = 0;
  for (let d = 0; d < dim; d++) s += (a[ao + d] as number) * (b[bo + d] as number);
  return s;
}

/**
 * For every row of `points`, the index of the centroid maximising `x·c + bias[c]` and that
 * score. With `bias = −½‖c‖²` this is the nearest centroid in Euclidean distance (‖x‖² is the
 * same for every c); with `bias = 0` it is the largest inner product. The products come from
 * the shared scan kernel (WebAssembly SIMD, the edge's own), a block of centroids per row.
 *
 * @example
 * const { labels } = argmaxScores(points, centroids, halfNegNorms(centroids));
 */
export function argmaxScores(
  points: Matrix,
  centroids: Matrix,
  bias: Float64Array | null,
  labels = new Int32Array(points.rows),
  best = new Float64Array(points.rows),
): { labels: Int32Array; best: Float64Array } {
  installScanKernel();
  const kernel = scanKernel();
  const { dim } = points;
  const k = centroids.rows;
  const c = centroids.data;
  const b = bias === null ? new Float32Array(k) : Float32Array.from(bias);
  kernel.forget(c); // k-means rewrites its centroids in place between calls
  for (let i = 0; i < points.rows; i++) {
    const row = points.data.subarray(i * dim, (i + 1) * dim);
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestJ = 0;
    for (let from = 0; from < k; from += KERNEL_BLOCK_ROWS) {
      const to = Math.min(k, from + KERNEL_BLOCK_ROWS);
      const j = from + kernel.argmaxF32(row, c, b, dim, from, to);
      if (kernel.lastMax() > bestScore) {
        bestScore = kernel.lastMax();
        bestJ = j;
      }
    }
    labels[i] = bestJ;
    best[i] = bestScore;
  }
  return { labels, best };
}

/**
 * `x·c` for every row x of `points` and one vector `c` (k-means++ distances, one new centre
 * against every candidate), through the scan kernel. `points.data` must not change while the
 * returned view is in use; it is only valid until the next kernel call.
 */
export function scoresAgainst(points: Matrix, c: Float32Array, from: number, to: number): Float32Array {
  installScanKernel();
  return scanKernel().scoreF32(c, points.data, points.dim, from, to);
}

/** `−½‖c‖²` per row: the bias that turns `argmaxScores` into nearest-centroid search. */
export function halfNegNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let j = 0; j < m.rows; j++) out[j] = -0.5 * dotRows(m.data, j, m.data, j, m.dim);
  return out;
}

/** Scales every row of `m.data` to unit length in place (zero rows stay zero). */
export function normalizeRows(m: Matrix): Matrix {
  const { data, dim } = m;
  for (let r = 0; r < m.rows; r++) {
    const n = Math.sqrt(dotRows(data, r, data, r, dim));
    if (n === 0) continue;
    const o = r * dim;
    for (let d = 0; d < dim; d++) data[o + d] = (data[o + d] as number) / n;
  }
  return m;
}

/** Copies the listed rows of `m` into a new contiguous matrix. */
export function gatherRows(m: Matrix, rows: ArrayLike<number>): Matrix {
  const out = new Float32Array(rows.length * m.dim);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    out.set(m.data.subarray(r * m.dim, (r + 1) * m.dim), i * m.dim);
  }
  return { data: out, rows: rows.length, dim: m.dim };
}
