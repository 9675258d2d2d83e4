/**
 * Train/test splits. All of them decide per distinct (user, item) pair and send every row of a
 * pair to the same side (see data/pairs.ts), and all keep the parent's index space, so a model
 * trained on `train` is scored on `test` without remapping.
 *
 * - `stratifiedSplit`: Microsoft Recommenders' `python_stratified_split`. Within each group (item
 *   or user) pairs are put in random order; a pair with rank/count ≤ ratio goes to train, the rest
 *   to test. Consequence kept from MS: a group with a single pair goes entirely to test
 *   (1/1 > 0.75). Default `by: 'item'`, which is what the MS MovieLens benchmark notebook uses
 *   (`filter_by="item"`) and what the issue asks for; MS's function default is `'user'`.
 * - `temporalSplit`: MS `python_chrono_split` per user — each user's pairs ordered by first
 *   occurrence, the earliest `ratio` to train, the latest to test.
 * - `leaveLastOut`: each user's `n` most recently *first-touched* items go to test, provided the
 *   user keeps at least one pair in train.
 */
import { AppError } from '#shared/errors';
import { createRng } from '#shared/random';
import { type InteractionSet, subset } from '../data/interactions.ts';
import { countingOrder, distinctPairs, type Pairs } from '../data/pairs.ts';

export interface Split {
  train: InteractionSet;
  test: InteractionSet;
  /** 1 for each row of the input that went to test. */
  isTest: Uint8Array;
}

export interface StratifiedSplitOptions {
  /** Share of each group's pairs that goes to train (default 0.75). */
  ratio?: number;
  /** Group by item (default, MS benchmark) or by user (MS function default). */
  by?: 'item' | 'user';
  /** Seed of the random order within groups (default 42, MS's default). */
  seed?: number;
}

/**
 * Random split stratified per item (or per user), 75/25 by default.
 *
 * @example
 * const { train, test } = stratifiedSplit(ratings, { ratio: 0.75, by: 'item', seed: 42 });
 */
export function stratifiedSplit(set: InteractionSet, options: StratifiedSplitOptions = {}): Split {
  const ratio = checkRatio(options.ratio ?? 0.75);
  const by = options.by ?? 'item';
  const rng = createRng(options.seed ?? 42);
  const pairs = distinctPairs(set);
  const keys = by === 'item' ? pairs.item : pairs.user;
  const range = by === 'item' ? set.itemIds.length : set.userIds.length;
  const order = countingOrder(keys, range, null);
  const testPair = new Uint8Array(pairs.count);
  forEachGroup(order, keys, (start, end) => {
    // Fisher–Yates over the group's slice gives each pair a uniformly random rank.
    for (let j = end - 1; j > start; j--) {
      const r = start + rng.nextInt(j - start + 1);
      const t = order[j]!;
      order[j] = order[r]!;
      order[r] = t;
    }
    markByRank(order, start, end, ratio, testPair);
  });
  return finish(set, pairs, testPair);
}

/**
 * Per-user chronological split: each user's earliest `ratio` of pairs (by first timestamp) train.
 *
 * @throws AppError('invalid_argument') when the set has no timestamps.
 * @example
 * const { train, test } = temporalSplit(events, { ratio: 0.8 });
 */
export function temporalSplit(set: InteractionSet, options: { ratio?: number } = {}): Split {
  const ratio = checkRatio(options.ratio ?? 0.75);
  const pairs = distinctPairs(set);
  const order = userOrderByTime(set, pairs, 'temporal');
  const testPair = new Uint8Array(pairs.count);
  forEachGroup(order, pairs.user, (start, end) => markByRank(order, start, end, ratio, testPair));
  return finish(set, pairs, testPair);
}

/**
 * Holds out each user's `n` (default 1) most recently first-touched items; users with `n` pairs
 * or fewer stay wholly in train.
 *
 * @throws AppError('invalid_argument') when the set has no timestamps.
 * @example
 * const { train, test } = leaveLastOut(events); // test has one item per user
 */
export function leaveLastOut(set: InteractionSet, options: { n?: number } = {}): Split {
  const n = options.n ?? 1;
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('invalid_argument', `n must be a positive integer, got ${n}`);
  const pairs = distinctPairs(set);
  const order = userOrderByTime(set, pairs, 'leave-last-out');
  const testPair = new Uint8Array(pairs.count);
  forEachGroup(order, pairs.user, (start, end) => {
    if (end - start <= n) return;
    for (let p = end - n; p < end; p++) testPair[order[p]!] = 1;
  });
  return finish(set, pairs, testPair);
}

function checkRatio(ratio: number): number {
  if (!(ratio > 0 && ratio < 1))
    throw new AppError('invalid_argument', `ratio must be in (0, 1), got ${ratio}`);
  return ratio;
}

/** Calls `visit(start, end)` for each run of equal `keys[order[p]]`. */
function forEachGroup(
  order: Int32Array,
  keys: Int32Array,
  visit: (start: number, end: number) => void,
): void {
  let start = 0;
  for (let p = 1; p <= order.length; p++) {
    if (p === order.length || keys[order[p]!] !== keys[order[start]!]) {
      visit(start, p);
      start = p;
    }
  }
}

/** MS's rule: the pair at 1-based rank r of a group of c goes to test when r/c > ratio. */
function markByRank(
  order: Int32Array,
  start: number,
  end: number,
  ratio: number,
  testPair: Uint8Array,
): void {
  const count = end - start;
  for (let p = start; p < end; p++) {
    if ((p - start + 1) / count > ratio) testPair[order[p]!] = 1;
  }
}

/** Pair indices grouped by user, each user's pairs by first timestamp (unknown first, then item). */
function userOrderByTime(set: InteractionSet, pairs: Pairs, what: string): Int32Array {
  if (pairs.firstTs === null || set.timestamps === null) {
    throw new AppError(
      'invalid_argument',
      `a ${what} split needs timestamps, and these interactions have none`,
    );
  }
  const ts = pairs.firstTs;
  const key = (p: number): number => (Number.isNaN(ts[p]!) ? Number.NEGATIVE_INFINITY : ts[p]!);
  // Pairs are already grouped by user, with items ascending inside each user.
  const order = Int32Array.from({ length: pairs.count }, (_, p) => p);
  forEachGroup(order, pairs.user, (start, end) => {
    const slice = order.subarray(start, end);
    // Typed-array sort is stable since ES2019, so equal times keep item order.
    slice.sort((a, b) => key(a) - key(b) || a - b);
  });
  return order;
}

function finish(set: InteractionSet, pairs: Pairs, testPair: Uint8Array): Split {
  const isTest = new Uint8Array(set.length);
  for (let r = 0; r < set.length; r++) isTest[r] = testPair[pairs.pairOfRow[r]!]!;
  const isTrain = isTest.map((x) => 1 - x);
  return { train: subset(set, isTrain), test: subset(set, isTest), isTest };
}
