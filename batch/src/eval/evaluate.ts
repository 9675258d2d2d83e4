/**
 * `evaluate`: the model-agnostic offline evaluation every recommender goes through.
 *
 * Protocol (MS Recommenders benchmark): for each evaluated user, score every item, remove the
 * items the user has in `train` (seen), take the top k, and count as relevant every distinct item
 * the user has in `test`; average the per-user metrics (metrics.ts) over users.
 *
 * Evaluated users: those with at least one test item and — unless `includeColdUsers` — at least
 * one train item (MS evaluates the intersection of test users and users the model predicted for,
 * and models predict only for users they were trained on). For very large user bases pass
 * `sampleUsers` to evaluate a seeded uniform sample of them.
 *
 * Cost beyond scoring: one CSR build per set, an O(N) top-k scan per user, O(k) metric work.
 */
import { createRng } from '#shared/random';
import { type InteractionSet, subset, toCsr } from '../data/interactions.ts';
import { type RankingMetrics, userMetrics } from './metrics.ts';
import type { Recommender } from './recommender.ts';
import { forEachScoredBatch, topKItems } from './topk.ts';

export interface EvaluateOptions {
  /** Cut-off (default 10). */
  k?: number;
  /** Evaluate this many users drawn uniformly (seeded) from the eligible ones; default all. */
  sampleUsers?: number;
  /** Seed of the user sample (default 0). */
  seed?: number;
  /** Also evaluate test users without train interactions (default false). */
  includeColdUsers?: boolean;
  /** Remove each user's train items before ranking (default true; false only for diagnostics). */
  removeSeen?: boolean;
  /** Largest score buffer in floats (default 2^24). */
  maxBufferFloats?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EvaluationResult extends RankingMetrics {
  /** The recommender's name. */
  name: string;
  k: number;
  /** Users the averages are over. */
  users: number;
  /** Eligible users before sampling. */
  eligibleUsers: number;
  /** Test users left out for having no train interactions. */
  coldUsers: number;
  /** Share of the catalogue that appears in at least one evaluated top-k list. */
  coverage: number;
  /** Wall time inside `scoreUsers`, and in total (ms). */
  scoringMs: number;
  totalMs: number;
}

/**
 * Evaluates `recommender` (trained on `train`) against the held-out `test` set.
 *
 * @example
 * const { train, test } = stratifiedSplit(ratings);
 * const pop = await evaluate(new PopularityRecommender(train), train, test, { k: 10 });
 * console.log(pop.ndcg, pop.precision);
 */
export async function evaluate(
  recommender: Recommender,
  train: InteractionSet,
  test: InteractionSet,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const started = performance.now();
  const k = options.k ?? 10;
  checkInputs(train, test, k);
  const { eligible, coldUsers } = eligibleUsers(train, test, options.includeColdUsers ?? false);
  const users = sampleSorted(eligible, options.sampleUsers, options.seed ?? 0);
  // With a small user sample, index only the sampled users' rows: at 10M rows this saves two
  // full CSR builds (random access over hundreds of MB) for a few thousand users' worth of data.
  const few = users.length < eligible.length / 4;
  const scored = await scoreUsers(
    recommender,
    few ? onlyUsers(train, users) : train,
    few ? onlyUsers(test, users) : test,
    users,
    k,
    options,
  );
  const n = users.length;
  const numItems = train.itemIds.length;
  let covered = 0;
  for (let i = 0; i < numItems; i++) covered += scored.shown[i]!;
  const avg = (x: number): number => (n === 0 ? 0 : x / n);
  const { sum } = scored;
  return {
    name: recommender.name,
    k,
    users: n,
    eligibleUsers: eligible.length,
    coldUsers,
    precision: avg(sum.precision),
    recall: avg(sum.recall),
    ndcg: avg(sum.ndcg),
    map: avg(sum.map),
    mapCapped: avg(sum.mapCapped),
    hitRate: avg(sum.hitRate),
    coverage: numItems === 0 ? 0 : covered / numItems,
    scoringMs: scored.scoringMs,
    totalMs: performance.now() - started,
  };
}

/** Programmer errors: a bad k, or train and test from different index spaces. */
function checkInputs(train: InteractionSet, test: InteractionSet, k: number): void {
  if (!Number.isInteger(k) || k <= 0) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (test.itemIds.length !== train.itemIds.length || test.userIds.length !== train.userIds.length) {
    throw new RangeError(
      'train and test must share one index space (make both with subset/split of one set)',
    );
  }
}

/** Users with a test item (and, unless cold users are included, a train item), ascending. */
function eligibleUsers(
  train: InteractionSet,
  test: InteractionSet,
  includeColdUsers: boolean,
): { eligible: number[]; coldUsers: number } {
  const nUsers = train.userIds.length;
  const trainRows = rowsPerUser(train, nUsers);
  const testRows = rowsPerUser(test, nUsers);
  const eligible: number[] = [];
  let coldUsers = 0;
  for (let u = 0; u < nUsers; u++) {
    if (testRows[u] === 0) continue;
    if (trainRows[u] === 0 && !includeColdUsers) {
      coldUsers++;
      continue;
    }
    eligible.push(u);
  }
  return { eligible, coldUsers };
}

interface Scored {
  /** Per-user metrics summed over `users`. */
  sum: RankingMetrics;
  /** 1 for every item shown in some top-k list. */
  shown: Uint8Array;
  scoringMs: number;
}

/**
 * Scores `users` in batches, ranks each user's top k and sums their metrics (`train` and `test`
 * need to hold at least these users' rows).
 */
async function scoreUsers(
  recommender: Recommender,
  train: InteractionSet,
  test: InteractionSet,
  users: Int32Array,
  k: number,
  options: EvaluateOptions,
): Promise<Scored> {
  const numItems = train.itemIds.length;
  const trainCsr = toCsr(train, 'user');
  const testCsr = toCsr(test, 'user');
  // `mark[i] === stamp` ⇔ item i is relevant for the user being scored; no clearing per user.
  const mark = new Int32Array(numItems).fill(-1);
  const scored: Scored = {
    sum: { precision: 0, recall: 0, ndcg: 0, map: 0, mapCapped: 0, hitRate: 0 },
    shown: new Uint8Array(numItems),
    scoringMs: 0,
  };
  const timed = {
    name: recommender.name,
    scoreUsers: async (batch: Int32Array, out: Float32Array) => {
      const t0 = performance.now();
      await recommender.scoreUsers(batch, out);
      scored.scoringMs += performance.now() - t0;
    },
  };
  const scoreOptions = {
    exclude: options.removeSeen === false ? null : trainCsr,
    ...(options.maxBufferFloats === undefined ? {} : { maxBufferFloats: options.maxBufferFloats }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  const { sum, shown } = scored;
  await forEachScoredBatch(timed, users, numItems, scoreOptions, (batch, scores) => {
    for (let b = 0; b < batch.length; b++) {
      const u = batch[b]!;
      const start = testCsr.indptr[u]!;
      const end = testCsr.indptr[u + 1]!;
      for (let p = start; p < end; p++) mark[testCsr.indices[p]!] = u;
      const ranked = topKItems(scores, k, b * numItems, (b + 1) * numItems);
      for (let r = 0; r < ranked.length; r++) shown[ranked[r]!] = 1;
      const m = userMetrics(ranked, (i) => mark[i] === u, end - start, k);
      sum.precision += m.precision;
      sum.recall += m.recall;
      sum.ndcg += m.ndcg;
      sum.map += m.map;
      sum.mapCapped += m.mapCapped;
      sum.hitRate += m.hitRate;
    }
  });
  return scored;
}

/** Row count of each user. */
function rowsPerUser(set: InteractionSet, nUsers: number): Int32Array {
  const counts = new Int32Array(nUsers);
  for (let r = 0; r < set.length; r++) counts[set.users[r]!]!++;
  return counts;
}

/** The rows of `set` whose user is in `users` (same index space). */
function onlyUsers(set: InteractionSet, users: Int32Array): InteractionSet {
  const wanted = new Uint8Array(set.userIds.length);
  for (const u of users) wanted[u] = 1;
  const mask = new Uint8Array(set.length);
  for (let r = 0; r < set.length; r++) mask[r] = wanted[set.users[r]!]!;
  return subset(set, mask);
}

/** All of `eligible`, or a seeded uniform sample of `size`, ascending (better cache locality). */
function sampleSorted(eligible: number[], size: number | undefined, seed: number): Int32Array {
  if (size === undefined || size >= eligible.length) return Int32Array.from(eligible);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`sampleUsers must be a non-negative integer`);
  const rng = createRng(seed);
  const pool = eligible.slice();
  // Partial Fisher–Yates: the first `size` slots become the sample.
  for (let j = 0; j < size; j++) {
    const r = j + rng.nextInt(pool.length - j);
    const t = pool[j]!;
    pool[j] = pool[r]!;
    pool[r] = t;
  }
  return Int32Array.from(pool.slice(0, size)).sort();
}
