/**
 * Ranking metrics @k with binary relevance, defined as in Microsoft Recommenders'
 * `python_evaluation` (the protocol the MovieLens benchmark numbers are quoted under):
 *
 *   hits(r)      = number of relevant items among the first r recommendations
 *   precision@k  = hits(k) / k                      (divides by k even when fewer were returned)
 *   recall@k     = hits(k) / |rel|
 *   nDCG@k       = Σ_{hit at rank r ≤ k} 1/log2(r+1)  /  Σ_{r=1}^{min(|rel|,k)} 1/log2(r+1)
 *   MAP          = Σ_{hit at rank r ≤ k} hits(r)/r  /  |rel|
 *   mapCapped    = the same sum / min(|rel|, k)
 *   hit-rate@k   = 1 if hits(k) > 0 else 0
 *
 * Each is averaged over evaluated users by `evaluate`.
 *
 * MAP normalisation: the protocol says "MAP divided by the number of relevant items"; that
 * is MS Recommenders' `map()` (and what its older releases called `map_at_k`, which produced the
 * published benchmark tables). Newer MS releases define `map_at_k` with min(|rel|, k) instead,
 * which we report as `mapCapped`. The two differ when users hold out more than k items.
 * nDCG does not depend on the log base (it cancels in the ratio), so MS's natural-log default and
 * our log2 agree.
 */

/** Metrics for one user (or, averaged, for a whole evaluation). */
export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  mapCapped: number;
  hitRate: number;
}

/** Names the metrics are published under in metrics.json and the manifest (k filled in). */
export const METRIC_KEYS = {
  precision: (k: number) => `precision@${k}`,
  recall: (k: number) => `recall@${k}`,
  ndcg: (k: number) => `ndcg@${k}`,
  map: () => 'map',
  mapCapped: (k: number) => `map@${k}`,
  hitRate: (k: number) => `hit_rate@${k}`,
} as const satisfies Record<keyof RankingMetrics, (k: number) => string>;

const discountCache: Float64Array[] = [];

/** `d[r] = 1/log2(r+2)`, the discount of 0-based rank r, and prefix sums for the ideal DCG. */
function discounts(k: number): Float64Array {
  let d = discountCache[k];
  if (d === undefined) {
    d = new Float64Array(k);
    for (let r = 0; r < k; r++) d[r] = 1 / Math.log2(r + 2);
    discountCache[k] = d;
  }
  return d;
}

/**
 * Metrics of one ranked list. `ranked` may hold more than k items (only the first k count) or
 * fewer (missing positions are misses). A user with no relevant items scores 0 everywhere
 * (the evaluator never asks for one).
 *
 * @example
 * // ranked [3, 1, 7], relevant {1, 7, 9}, k = 3 → hits at ranks 2 and 3
 * userMetrics([3, 1, 7], (i) => i === 1 || i === 7 || i === 9, 3, 3).precision; // 2/3
 */
export function userMetrics(
  ranked: ArrayLike<number>,
  isRelevant: (item: number) => boolean,
  numRelevant: number,
  k: number,
): RankingMetrics {
  if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (numRelevant <= 0) return { precision: 0, recall: 0, ndcg: 0, map: 0, mapCapped: 0, hitRate: 0 };
  const d = discounts(k);
  const n = Math.min(k, ranked.length);
  let hits = 0;
  let dcg = 0;
  let apSum = 0;
  for (let r = 0; r < n; r++) {
    if (!isRelevant(ranked[r]!)) continue;
    hits++;
    dcg += d[r]!;
    apSum += hits / (r + 1);
  }
  const ideal = Math.min(numRelevant, k);
  let idcg = 0;
  for (let r = 0; r < ideal; r++) idcg += d[r]!;
  return {
    precision: hits / k,
    recall: hits / numRelevant,
    ndcg: dcg / idcg,
    map: apSum / numRelevant,
    mapCapped: apSum / ideal,
    hitRate: hits > 0 ? 1 : 0,
  };
}

/**
 * Convenience form of `userMetrics` over an explicit relevant set.
 *
 * @example
 * rankingMetrics([3, 1, 7], [1, 7, 9], 3).ndcg; // (1/log2 3 + 1/log2 4) / (1 + 1/log2 3 + 1/log2 4)
 */
export function rankingMetrics(
  ranked: ArrayLike<number>,
  relevant: Iterable<number>,
  k: number,
): RankingMetrics {
  const set = new Set(relevant);
  return userMetrics(ranked, (i) => set.has(i), set.size, k);
}

/**
 * `{ "precision@10": …, "ndcg@10": …, "map": … }` for metrics.json and the manifest.
 *
 * @example
 * metricsRecord(result, 10)['ndcg@10'];
 */
export function metricsRecord(m: RankingMetrics, k: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(METRIC_KEYS) as (keyof RankingMetrics)[]) {
    out[METRIC_KEYS[key](k)] = m[key];
  }
  return out;
}
