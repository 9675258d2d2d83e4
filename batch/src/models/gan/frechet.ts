/**
 * Fréchet distance between two Gaussians fitted to feature sets (the "FID" construction of
 * Heusel et al. 2017, here in our own classifier's feature space):
 *
 *   FD = ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2·tr((Σ₁^½ Σ₂ Σ₁^½)^½)
 *
 * The last term uses the identity tr((Σ₁Σ₂)^½) = tr((Σ₁^½ Σ₂ Σ₁^½)^½), whose argument is
 * symmetric positive semi-definite, so both square roots come from a symmetric eigen-
 * decomposition: A = V·diag(λ)·Vᵀ ⇒ A^½ = V·diag(√max(λ,0))·Vᵀ. Eigenvalues by the cyclic Jacobi
 * method (rotations that zero one off-diagonal pair at a time; converges quadratically, stable,
 * ~n³ work per sweep — a few tens of ms for 128 features). Negative eigenvalues, which only come
 * from rounding, are clamped to 0. Everything is float64 plain TypeScript.
 */

/** Symmetric n×n matrix as row-major float64. */
export interface SymMatrix {
  n: number;
  data: Float64Array;
}

/** Mean and covariance (divisor m − 1) of m row vectors of dimension d stored row-major. */
export function meanAndCovariance(
  rows: Float32Array | Float64Array,
  d: number,
): { mean: Float64Array; cov: SymMatrix } {
  const m = rows.length / d;
  if (m < 2) throw new RangeError('covariance needs at least 2 samples');
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] ?? 0) + (rows[i * d + j] ?? 0) / m;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < d; j++) centred[j] = (rows[i * d + j] ?? 0) - (mean[j] ?? 0);
    for (let a = 0; a < d; a++) {
      const ca = centred[a] ?? 0;
      if (ca === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b] = (cov[a * d + b] ?? 0) + ca * (centred[b] ?? 0);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = (cov[a * d + b] ?? 0) / (m - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov: { n: d, data: cov } };
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations.
 * Returns eigenvalues and the eigenvectors as the columns of `vectors` (row-major n×n).
 *
 * @example
 * const { values } = symmetricEigen({ n: 2, data: Float64Array.of(2, 1, 1, 2) }); // [1, 3] in some order
 */
export function symmetricEigen(
  m: SymMatrix,
  maxSweeps = 60,
): { values: Float64Array; vectors: Float64Array } {
  const { n } = m;
  const a = Float64Array.from(m.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (i: number, j: number) => a[i * n + j] ?? 0;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.2).
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // Columns p and q of A, then rows p and q (A ← JᵀAJ).
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => at(i, i)), vectors: v };
}

/** Principal square root of a symmetric PSD matrix (negative rounding eigenvalues → 0). */
export function sqrtPsd(m: SymMatrix): SymMatrix {
  const { n } = m;
  const { values, vectors } = symmetricEigen(m);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(Math.max(values[k] ?? 0, 0));
    if (s === 0) continue;
    for (let i = 0; i < n; i++) {
      const vik = (vectors[i * n + k] ?? 0) * s;
      if (vik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] ?? 0) + vik * (vectors[j * n + k] ?? 0);
    }
  }
  return { n, data: out };
}

/**
 * Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂).
 *
 * @example
 * frechetDistance(a.mean, a.cov, a.mean, a.cov); // ≈ 0
 */
export function frechetDistance(mu1: Float64Array, s1: SymMatrix, mu2: Float64Array, s2: SymMatrix): number {
  const n = s1.n;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += ((mu1[i] ?? 0) - (mu2[i] ?? 0)) ** 2;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += (s1.data[i * n + i] ?? 0) + (s2.data[i * n + i] ?? 0);
  const r = sqrtPsd(s1);
  const inner = multiply(multiply(r, s2), r);
  // Symmetrise away rounding so Jacobi sees an exactly symmetric matrix.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const avg = ((inner.data[i * n + j] ?? 0) + (inner.data[j * n + i] ?? 0)) / 2;
      inner.data[i * n + j] = avg;
      inner.data[j * n + i] = avg;
    }
  }
  const { values } = symmetricEigen(inner);
  let crossTrace = 0;
  for (const l of values) crossTrace += Math.sqrt(Math.max(l, 0));
  return Math.max(0, meanTerm + trace - 2 * crossTrace);
}

/** Fréchet distance between the Gaussians fitted to two feature sets (rows of dimension d). */
export function frechetDistanceOf(a: Float32Array, b: Float32Array, d: number): number {
  const x = meanAndCovariance(a, d);
  const y = meanAndCovariance(b, d);
  return frechetDistance(x.mean, x.cov, y.mean, y.cov);
}

function multiply(x: SymMatrix, y: SymMatrix): SymMatrix {
  const n = x.n;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const xik = x.data[i * n + k] ?? 0;
      if (xik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] ?? 0) + xik * (y.data[k * n + j] ?? 0);
    }
  }
  return { n, data: out };
}
