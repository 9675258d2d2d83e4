/**
 * Interval estimates for online metrics. The experiment's unit is the session (arms are assigned
 * per session), while CTR and cart rate are ratios over impressions, and a session's impressions
 * are not independent. So a ratio metric R = Σ yᵢ / Σ nᵢ over sessions i (yᵢ clicks, nᵢ
 * impressions of session i) gets the delta-method variance of a ratio of means, clustered by
 * session (Deng et al., "Applying the Delta Method in Metric Analytics", KDD 2018):
 *
 *   Var(R) ≈ (s²_y − 2R·s_yn + R²·s²_n) / (m · n̄²)
 *
 * with m sessions, n̄ the mean impressions per session and s the sample (co)variances. Relative
 * uplift of arm a over arm b is R_a/R_b − 1, with its interval from the log ratio:
 * log(R_a/R_b) ± z·√(Var R_a / R_a² + Var R_b / R_b²). A share of sessions (yᵢ ∈ {0,1}, nᵢ = 1)
 * is the special case of the same formula.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** One arm's ratio estimate. */
export interface RatioEstimate {
  /** Σy / Σn (0 when Σn is 0). */
  value: number;
  /** Delta-method variance of `value` (NaN with fewer than two sessions). */
  variance: number;
  sessions: number;
  numerator: number;
  denominator: number;
}

/**
 * The ratio Σy/Σn over per-session pairs, with its clustered variance.
 *
 * @example
 * ratioEstimate([[1, 2], [0, 1]]); // value 1/3
 */
export function ratioEstimate(pairs: readonly (readonly [y: number, n: number])[]): RatioEstimate {
  const m = pairs.length;
  let sy = 0;
  let sn = 0;
  for (const [y, n] of pairs) {
    sy += y;
    sn += n;
  }
  const value = sn > 0 ? sy / sn : 0;
  if (m < 2 || sn === 0) return { value, variance: Number.NaN, sessions: m, numerator: sy, denominator: sn };
  const my = sy / m;
  const mn = sn / m;
  let vy = 0;
  let vn = 0;
  let cyn = 0;
  for (const [y, n] of pairs) {
    vy += (y - my) ** 2;
    vn += (n - mn) ** 2;
    cyn += (y - my) * (n - mn);
  }
  vy /= m - 1;
  vn /= m - 1;
  cyn /= m - 1;
  const variance = (vy - 2 * value * cyn + value * value * vn) / (m * mn * mn);
  return { value, variance, sessions: m, numerator: sy, denominator: sn };
}

/** Relative uplift of one arm over another, with its 95 % interval (null when undefined). */
export interface Uplift {
  relative: number | null;
  ci95: [number, number] | null;
}

/**
 * `treated.value / control.value − 1`, and the delta-method interval of the log ratio. Null
 * where a rate is 0 or a variance is unknown (too few sessions): no number rather than a wrong one.
 *
 * @example
 * relativeUplift(ratioEstimate(modelPairs), ratioEstimate(holdoutPairs)).ci95; // [lo, hi]
 */
export function relativeUplift(treated: RatioEstimate, control: RatioEstimate): Uplift {
  if (treated.value <= 0 || control.value <= 0) return { relative: null, ci95: null };
  const ratio = treated.value / control.value;
  const se = Math.sqrt(treated.variance / treated.value ** 2 + control.variance / control.value ** 2);
  if (!Number.isFinite(se)) return { relative: ratio - 1, ci95: null };
  const log = Math.log(ratio);
  return { relative: ratio - 1, ci95: [Math.exp(log - Z95 * se) - 1, Math.exp(log + Z95 * se) - 1] };
}
