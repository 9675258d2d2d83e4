/**
 * Fréchet distance maths on inputs whose answer is known in closed form.
 */

import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import {
  frechetDistance,
  frechetDistanceOf,
  meanAndCovariance,
  sqrtPsd,
  symmetricEigen,
} from '../../../batch/src/models/gan/frechet.ts';

const rng = createRng(11);

function randomRows(m: number, d: number): Float32Array {
  // Correlated features: x = A·g with a random mixing matrix, so the covariance is not diagonal.
  const mix = Array.from({ length: d * d }, () => rng.normal() * 0.5);
  const out = new Float32Array(m * d);
  for (let i = 0; i < m; i++) {
    const g = Array.from({ length: d }, () => rng.normal());
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b < d; b++) v += (mix[a * d + b] ?? 0) * (g[b] ?? 0);
      out[i * d + a] = v;
    }
  }
  return out;
}

describe('symmetric eigen-decomposition and square root', () => {
  it('finds the eigenvalues of a known 2×2 matrix', () => {
    const { values } = symmetricEigen({ n: 2, data: Float64Array.of(2, 1, 1, 2) });
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });

  it('squares its square root back to the matrix', () => {
    const { cov } = meanAndCovariance(randomRows(200, 12), 12);
    const r = sqrtPsd(cov);
    const n = cov.n;
    let maxErr = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let k = 0; k < n; k++) v += (r.data[i * n + k] ?? 0) * (r.data[k * n + j] ?? 0);
        maxErr = Math.max(maxErr, Math.abs(v - (cov.data[i * n + j] ?? 0)));
      }
    }
    expect(maxErr).toBeLessThan(1e-9);
  });
});

describe('Fréchet distance', () => {
  it('is ≈ 0 for identical feature sets', () => {
    const a = randomRows(300, 16);
    expect(frechetDistanceOf(a, a, 16)).toBeLessThan(1e-6);
  });

  it('is ‖Δμ‖² for a shifted copy (same covariance)', () => {
    const d = 16;
    const a = randomRows(300, d);
    const shift = Array.from({ length: d }, (_, i) => (i % 3) - 1 + 0.25);
    const b = a.map((v, i) => v + (shift[i % d] ?? 0));
    const expected = shift.reduce((s, x) => s + x * x, 0);
    expect(frechetDistanceOf(a, b, d)).toBeCloseTo(expected, 3);
  });

  it('is Σ(√a − √b)² for diagonal covariances', () => {
    const diagA = [1, 4, 9, 0.25];
    const diagB = [4, 1, 1, 0.25];
    const diag = (v: number[]) => {
      const m = new Float64Array(16);
      v.forEach((x, i) => {
        m[i * 4 + i] = x;
      });
      return { n: 4, data: m };
    };
    const zero = new Float64Array(4);
    const expected = diagA.reduce((s, a, i) => s + (Math.sqrt(a) - Math.sqrt(diagB[i] ?? 0)) ** 2, 0);
    expect(frechetDistance(zero, diag(diagA), zero, diag(diagB))).toBeCloseTo(expected, 10);
  });
});
