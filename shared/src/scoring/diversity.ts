/**
 * Diversity reranking of a ranked candidate pool: maximal marginal relevance (Carbonell &
 * Goldstein 1998) and a per-category cap, one implementation for the edge routes and the batch
 * benchmark (batch/bench/diversity.ts), so the trade-off measured is the one served.
 *
 * Greedy MMR: with λ = 1 − diversity, repeatedly pick the candidate c maximising
 *
 *   λ · rel(c) − (1 − λ) · max_{p ∈ picked} sim(c, p)
 *
 * where rel is the candidate's score min-max normalised over the pool (scores are unbounded
 * inner products, similarities live in [−1, 1]: without normalising, λ would mean something
 * different for every model) and sim is the cosine of the item vectors when both have one, else
 * the category-path similarity below (lists without vectors: the popularity fallback).
 * `diversity = 0` keeps the pool's order exactly; `1` ignores relevance after the first pick.
 *
 * `maxPerCategory` is a hard cap counted at the item's own (leaf) category id — the only level
 * every categorised item has; a shop that wants a cap per department filters by it
 * (`category=`). Items without a category are never capped. When the pool runs out of
 * admissible candidates the answer is shorter than k rather than breaking the cap.
 *
 * Cost: O(k · P · d) for a pool of P candidates of dimension d (the max-similarity of every
 * remaining candidate is updated once per pick).
 */

/** What the reranker reads of a candidate; the pool is best first. */
export interface RerankCandidate {
  score: number;
  vector?: Float32Array | undefined;
  category?: string | undefined;
}

export interface DiversityOptions {
  /** How many to return. */
  k: number;
  /** 0–1: 0 = relevance order, 1 = most diverse (λ = 1 − diversity). */
  diversity: number;
  /** At most this many items per leaf category (undefined: no cap). */
  maxPerCategory?: number | undefined;
}

/** Candidates scanned per result when a request asks for reranking (the pool the MMR picks from). */
export const DIVERSITY_POOL_FACTOR = 4;
/** Upper bound of that pool, whatever k (bounds the O(k·P·d) rerank on the edge). */
export const MAX_DIVERSITY_POOL = 400;

/** True when `options` change anything (so the plain top-k path can skip the rerank). */
export function wantsRerank(options: Pick<DiversityOptions, 'diversity' | 'maxPerCategory'>): boolean {
  return options.diversity > 0 || options.maxPerCategory !== undefined;
}

/**
 * How many candidates a search should keep for `options`: k when nothing is reranked, else
 * k · DIVERSITY_POOL_FACTOR (at most MAX_DIVERSITY_POOL, at least k).
 *
 * @example
 * rerankPoolSize({ k: 10, diversity: 0.5 }); // 40
 */
export function rerankPoolSize(options: DiversityOptions): number {
  if (!wantsRerank(options)) return options.k;
  return Math.max(options.k, Math.min(options.k * DIVERSITY_POOL_FACTOR, MAX_DIVERSITY_POOL));
}

/**
 * Similarity of two category ids by their shared path: shared leading levels over the deeper
 * path's depth (`a/b/c` vs `a/b/d` → 2/3); 0 when either is missing.
 *
 * @example
 * categorySimilarity('women/dresses/maxi', 'women/dresses/midi'); // 0.666…
 */
export function categorySimilarity(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return 0;
  if (a === b) return 1;
  const pa = a.split('/');
  const pb = b.split('/');
  let shared = 0;
  while (shared < pa.length && shared < pb.length && pa[shared] === pb[shared]) shared++;
  return shared / Math.max(pa.length, pb.length);
}

function norm(v: Float32Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += (v[j] as number) * (v[j] as number);
  return Math.sqrt(s);
}

/** Cosine of two vectors (0 when either is zero), or the category similarity without vectors. */
function similarity(a: RerankCandidate, na: number, b: RerankCandidate, nb: number): number {
  const va = a.vector;
  const vb = b.vector;
  if (va === undefined || vb === undefined || va.length !== vb.length) {
    return categorySimilarity(a.category, b.category);
  }
  if (na === 0 || nb === 0) return 0;
  let s = 0;
  for (let j = 0; j < va.length; j++) s += (va[j] as number) * (vb[j] as number);
  return s / (na * nb);
}

/** Min-max normalised scores (all 1 when every score is equal). */
function normalisedRelevance(pool: readonly RerankCandidate[]): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of pool) {
    lo = Math.min(lo, c.score);
    hi = Math.max(hi, c.score);
  }
  const span = hi - lo;
  return Float64Array.from(pool, (c) => (span > 0 ? (c.score - lo) / span : 1));
}

/**
 * The first k of `pool` (best first) reranked for `options`: MMR when `diversity > 0`, the
 * category cap when `maxPerCategory` is set. Ties go to the earlier candidate, so with
 * `diversity = 0` the answer is the pool's own order with capped items skipped.
 *
 * @example
 * const picked = diversify(hits, { k: 10, diversity: 0.5, maxPerCategory: 3 });
 */
export function diversify<C extends RerankCandidate>(pool: readonly C[], options: DiversityOptions): C[] {
  const { k, diversity, maxPerCategory } = options;
  if (!(diversity >= 0 && diversity <= 1))
    throw new RangeError(`diversity must be in [0, 1], got ${diversity}`);
  const lambda = 1 - diversity;
  const rel = normalisedRelevance(pool);
  const norms = Float64Array.from(pool, (c) => (c.vector === undefined ? 0 : norm(c.vector)));
  const maxSim = new Float64Array(pool.length).fill(Number.NEGATIVE_INFINITY);
  const taken = new Uint8Array(pool.length);
  const perCategory = new Map<string, number>();
  const capped = (c: C) =>
    maxPerCategory !== undefined &&
    c.category !== undefined &&
    (perCategory.get(c.category) ?? 0) >= maxPerCategory;
  const out: C[] = [];
  while (out.length < k) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i] === 1 || capped(pool[i] as C)) continue;
      // No penalty before the first pick, nor at diversity 0 (0 · −∞ would be NaN).
      const penalty = out.length === 0 || diversity === 0 ? 0 : (maxSim[i] as number);
      const value = lambda * (rel[i] as number) - (1 - lambda) * penalty;
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    if (best < 0) break;
    const pick = pool[best] as C;
    taken[best] = 1;
    out.push(pick);
    if (pick.category !== undefined)
      perCategory.set(pick.category, (perCategory.get(pick.category) ?? 0) + 1);
    if (diversity === 0) continue; // relevance order: similarities are never read
    for (let i = 0; i < pool.length; i++) {
      if (taken[i] === 1) continue;
      const s = similarity(pool[i] as C, norms[i] as number, pick, norms[best] as number);
      if (s > (maxSim[i] as number)) maxSim[i] = s;
    }
  }
  return out;
}
