/**
 * Distinct (user, item) pairs of an `InteractionSet`, with the rows behind each.
 *
 * Why: event data repeats pairs (a shopper views an item five times, then buys it). Splits must
 * put all rows of a pair on the same side, or the test item is already in the training data and
 * every metric is inflated. Splitting pairs, then mapping the decision back to rows, prevents that.
 */
import type { InteractionSet } from './interactions.ts';

/** Pairs in (user, item) order; `pairOfRow[r]` is row r's pair. */
export interface Pairs {
  count: number;
  user: Int32Array;
  item: Int32Array;
  /** Earliest / latest timestamp over the pair's rows (`NaN` when none); null without timestamps. */
  firstTs: Float64Array | null;
  lastTs: Float64Array | null;
  pairOfRow: Int32Array;
}

/**
 * Groups the rows of `set` into distinct (user, item) pairs in O(rows + users + items).
 *
 * @example
 * const p = distinctPairs(set);
 * const isTest = new Uint8Array(set.length).map((_, r) => testPair[p.pairOfRow[r]!]!);
 */
export function distinctPairs(set: InteractionSet): Pairs {
  const n = set.length;
  const nUsers = set.userIds.length;
  const nItems = set.itemIds.length;
  // Counting sort by item, then stable counting sort by user → rows in (user, item) order.
  const byItem = countingOrder(set.items, nItems, null);
  const order = countingOrder(set.users, nUsers, byItem);

  const pairOfRow = new Int32Array(n);
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const ts = set.timestamps;
  const firstTs = ts === null ? null : new Float64Array(n);
  const lastTs = ts === null ? null : new Float64Array(n);
  let count = 0;
  for (let p = 0; p < n; p++) {
    const r = order[p]!;
    const u = set.users[r]!;
    const i = set.items[r]!;
    if (count === 0 || user[count - 1] !== u || item[count - 1] !== i) {
      user[count] = u;
      item[count] = i;
      if (ts !== null) {
        firstTs![count] = ts[r]!;
        lastTs![count] = ts[r]!;
      }
      count++;
    } else if (ts !== null) {
      const t = ts[r]!;
      // NaN never wins a comparison, so a known timestamp replaces an unknown one.
      if (t < firstTs![count - 1]! || Number.isNaN(firstTs![count - 1]!)) firstTs![count - 1] = t;
      if (t > lastTs![count - 1]! || Number.isNaN(lastTs![count - 1]!)) lastTs![count - 1] = t;
    }
    pairOfRow[r] = count - 1;
  }
  return {
    count,
    user: user.slice(0, count),
    item: item.slice(0, count),
    firstTs: firstTs === null ? null : firstTs.slice(0, count),
    lastTs: lastTs === null ? null : lastTs.slice(0, count),
    pairOfRow,
  };
}

/**
 * Stable counting sort: the positions `0..keys.length-1` (or the permutation `within`) ordered by
 * `keys[position]`, keys in `[0, range)`.
 */
export function countingOrder(keys: Int32Array, range: number, within: Int32Array | null): Int32Array {
  const n = within === null ? keys.length : within.length;
  const start = new Int32Array(range + 1);
  for (let p = 0; p < n; p++) start[keys[within === null ? p : within[p]!]! + 1]!++;
  for (let k = 0; k < range; k++) start[k + 1]! += start[k]!;
  const out = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const r = within === null ? p : within[p]!;
    out[start[keys[r]!]!++] = r;
  }
  return out;
}
