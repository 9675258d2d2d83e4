/**
 * Dense inner-product kernels for the index builder: the one hot loop of k-means, list
 * assignment and the reference search. Plain typed-array JavaScript on purpose: it runs on any
 * backend (no tfjs init, no WASM) and the loops below, four centroids per pass so each query
 * value is loaded once per four products, reach roughly 1–2 GFLOP/s per core in V8.
 */

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
 * same for every c); with `bias = 0` it is the largest inner product.
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
  const { dim } = points;
  const x = points.data;
  const c = centroids.data;
  const k = centroids.rows;
  const k4 = k - (k % 4);
  for (let i = 0; i < points.rows; i++) {
    const xo = i * dim;
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestJ = 0;
    for (let j = 0; j < k4; j += 4) {
      const o0 = j * dim;
      const o1 = o0 + dim;
      const o2 = o1 + dim;
      const o3 = o2 + dim;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let d = 0; d < dim; d++) {
        const v = x[xo + d] as number;
        s0 += v * (c[o0 + d] as number);
        s1 += v * (c[o1 + d] as number);
        s2 += v * (c[o2 + d] as number);
        s3 += v * (c[o3 + d] as number);
      }
      if (bias !== null) {
        s0 += bias[j] as number;
        s1 += bias[j + 1] as number;
        s2 += bias[j + 2] as number;
        s3 += bias[j + 3] as number;
      }
      if (s0 > bestScore) {
        bestScore = s0;
        bestJ = j;
      }
      if (s1 > bestScore) {
        bestScore = s1;
        bestJ = j + 1;
      }
      if (s2 > bestScore) {
        bestScore = s2;
        bestJ = j + 2;
      }
      if (s3 > bestScore) {
        bestScore = s3;
        bestJ = j + 3;
      }
    }
    for (let j = k4; j < k; j++) {
      const s = dotRows(x, i, c, j, dim) + (bias === null ? 0 : (bias[j] as number));
      if (s > bestScore) {
        bestScore = s;
        bestJ = j;
      }
    }
    labels[i] = bestJ;
    best[i] = bestScore;
  }
  return { labels, best };
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
