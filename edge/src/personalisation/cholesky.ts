/**
 * Solving the small symmetric positive-definite system of a fold-in (d×d, d ≈ 64) by Cholesky
 * factorisation A = LLᵀ then two triangular solves: d³/6 multiply-adds (~44k for d = 64, tens
 * of µs), in float64 so that sums over a Gramian of many items keep their precision.
 */

/**
 * Factors symmetric positive-definite A = LLᵀ in place (row-major d×d; only the lower triangle
 * is read, L is written there). False when A is not positive definite.
 *
 * @example
 * const a = Float64Array.from([4, 2, 2, 3]);
 * choleskyFactor(a, 2); // true; a's lower triangle is now L
 */
export function choleskyFactor(a: Float64Array, d: number): boolean {
  for (let j = 0; j < d; j++) {
    const jj = j * d;
    let s = a[jj + j] as number;
    for (let k = 0; k < j; k++) s -= (a[jj + k] as number) ** 2;
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[jj + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      const ii = i * d;
      let t = a[ii + j] as number;
      for (let k = 0; k < j; k++) t -= (a[ii + k] as number) * (a[jj + k] as number);
      a[ii + j] = t / ljj;
    }
  }
  return true;
}

/**
 * Solves LLᵀ x = b by two triangular solves over a factor from `choleskyFactor` (d² each), so
 * one factorisation serves many right-hand sides.
 *
 * @example
 * const x = choleskySolve(l, Float64Array.from([2, 1]), 2);
 */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, d: number): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    const ii = i * d;
    let s = x[i] as number;
    for (let k = 0; k < i; k++) s -= (l[ii + k] as number) * (x[k] as number);
    x[i] = s / (l[ii + i] as number);
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i] as number;
    for (let k = i + 1; k < d; k++) s -= (l[k * d + i] as number) * (x[k] as number);
    x[i] = s / (l[i * d + i] as number);
  }
  return x;
}

/**
 * Solves A x = b for symmetric positive-definite A (row-major d×d; only the lower triangle is
 * read). `a` is overwritten with L. Returns undefined when A is not positive definite.
 *
 * @example
 * const x = solveSpd(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2); // [0.5, 0]
 */
export function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array | undefined {
  return choleskyFactor(a, d) ? choleskySolve(a, b, d) : undefined;
}
