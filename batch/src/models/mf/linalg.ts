/**
 * Small dense linear algebra on typed arrays for the matrix-factorisation solvers: the Gramian
 * YᵀY, a Cholesky factorisation and solve for one d×d system, and matrix–vector products.
 *
 * Why hand-written loops instead of tfjs here: each system is tiny (d ≤ a few hundred) and
 * tfjs has no Cholesky/solve op; the per-op overhead of tfjs (tens of µs) exceeds the work of a
 * 64×64 solve. Accumulation is in float64 even though factors are stored as float32, so sums
 * over many interactions do not lose precision.
 */

/**
 * G = YᵀY for `rows` row-major vectors of `dim` floats, as a full symmetric float64 matrix.
 * Only the upper triangle is accumulated (half the multiply–adds), then mirrored.
 *
 * @example
 * const g = gramian(itemFactors, numItems, 64); // 64×64, row-major
 */
export function gramian(y: Float32Array, rows: number, dim: number): Float64Array {
  const g = new Float64Array(dim * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    for (let a = 0; a < dim; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      const ga = a * dim;
      for (let b = a; b < dim; b++) g[ga + b]! += ya * y[o + b]!;
    }
  }
  mirrorUpper(g, dim);
  return g;
}

/** Copies the upper triangle of a square row-major matrix onto its lower triangle. */
export function mirrorUpper(g: Float64Array, dim: number): void {
  for (let a = 0; a < dim; a++) {
    for (let b = a + 1; b < dim; b++) g[b * dim + a] = g[a * dim + b]!;
  }
}

/**
 * In-place Cholesky factorisation A = LLᵀ of a symmetric positive-definite matrix; only the
 * lower triangle of `a` is read and it is overwritten with L. Returns false when A is not
 * positive definite (a pivot ≤ 0), which for our systems means reg = 0 and a rank-deficient row.
 */
export function choleskyInPlace(a: Float64Array, dim: number): boolean {
  for (let j = 0; j < dim; j++) {
    const jj = j * dim;
    let s = a[jj + j]!;
    for (let k = 0; k < j; k++) s -= a[jj + k]! * a[jj + k]!;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[jj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < dim; i++) {
      const ii = i * dim;
      let t = a[ii + j]!;
      for (let k = 0; k < j; k++) t -= a[ii + k]! * a[jj + k]!;
      a[ii + j] = t * inv;
    }
  }
  return true;
}

/** Solves LLᵀx = b given the factor from `choleskyInPlace`; `b` is overwritten with x. */
export function choleskySolveInPlace(l: Float64Array, dim: number, b: Float64Array): void {
  for (let i = 0; i < dim; i++) {
    const ii = i * dim;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ii + k]! * b[k]!;
    b[i] = s / l[ii + i]!;
  }
  for (let i = dim - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < dim; k++) s -= l[k * dim + i]! * b[k]!;
    b[i] = s / l[i * dim + i]!;
  }
}

/** out = s·(G v) for a full symmetric d×d matrix G (row-major). */
export function symMatVec(g: Float64Array, v: Float64Array, dim: number, s: number, out: Float64Array): void {
  for (let a = 0; a < dim; a++) {
    const ga = a * dim;
    let t = 0;
    for (let b = 0; b < dim; b++) t += g[ga + b]! * v[b]!;
    out[a] = s * t;
  }
}
