/**
 * Sampling primitives of the generator: power-law ranks and categorical draws from a CDF.
 *
 * Zipf ranks use the inverse CDF of the continuous power law x^-s on [1, n+1), floored: O(1) per
 * draw and no table, which is what lets 10M draws over 1M-item buckets stay fast and small.
 * P(rank = r) ∝ ∫_{r+1}^{r+2} x^-s dx ≈ (r+1)^-s — Zipf's law up to the discretisation.
 */
import type { Rng } from '#shared/random';

/**
 * A 0-based rank in [0, n) with P(r) ≈ ∝ (r+1)^-s.
 *
 * @example
 * const pos = zipfRank(rng, bucketSize, 1.0);
 */
export function zipfRank(rng: Rng, n: number, s: number): number {
  const u = rng.next();
  let x: number;
  if (Math.abs(s - 1) < 1e-9) {
    x = (n + 1) ** u;
  } else {
    const a = 1 - s;
    x = (1 + u * ((n + 1) ** a - 1)) ** (1 / a);
  }
  const r = Math.floor(x) - 1;
  return r < 0 ? 0 : r >= n ? n - 1 : r;
}

/**
 * Index drawn from a cumulative distribution `cdf[offset .. offset+len)` (last entry = total).
 *
 * @example
 * const category = sampleCdf(rng, userCategoryCdf, user * 10, 10);
 */
export function sampleCdf(rng: Rng, cdf: ArrayLike<number>, offset = 0, len = cdf.length - offset): number {
  const target = rng.next() * cdf[offset + len - 1]!;
  let lo = 0;
  let hi = len - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[offset + mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Cumulative sums of `weights`, as a CDF for `sampleCdf`.
 *
 * @example
 * const cdf = cumulative([1, 2, 1]); // [1, 3, 4]
 */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i]!;
    out[i] = s;
  }
  return out;
}

/** Exponential gap with the given mean (for think times), never below `min`. */
export function expGap(rng: Rng, mean: number, min = 0): number {
  return min - mean * Math.log(1 - rng.next());
}
