/**
 * Session rows: each visit of a user — a run of their interactions with no gap longer than
 * `gapSeconds` — is added to the training matrix as a row of its own, beside the user's row.
 *
 * Why: a user row says "these items belong to one taste", over months; a session row says "these
 * items were wanted together, within minutes". Training the item vectors on both makes items
 * chosen together close in the space the edge searches, which is exactly what the edge's session
 * fold-in needs (a new visitor is scored from a few items touched in one visit) and what a
 * returning user's next items look like. Measured on MovieLens (ml-latest-small, the bench:mf
 * protocol): validation nDCG@10 +3.3% on the mean of three splits, every split up; test 0.4078 →
 * 0.4203 (docs/benchmarks.md, "session rows"). The session rows' own vectors are thrown away:
 * the model keeps one vector per user, so nothing downstream changes shape.
 *
 * Which runs become rows: those with ≥ 2 distinct items (a single item says nothing about
 * co-occurrence) and at most `MAX_SHARE` of the user's interactions (a visit that is the user's
 * whole history would only repeat the user row, doubling that user's weight). Rows without a
 * timestamp take no part.
 */
import type { InteractionSet } from '../../data/interactions.ts';
import { countingOrder } from '../../data/pairs.ts';

/** Largest share of a user's interactions one session row may hold (see the module header). */
export const MAX_SHARE = 0.9;

export interface SessionRows {
  /** `set` with the session rows appended: users `0..set.userIds.length-1` keep their indices. */
  set: InteractionSet;
  /** How many session rows (pseudo-users) were appended after the real users. */
  sessions: number;
}

/**
 * `set` plus one pseudo-user per session (module header). Returns `set` itself (sessions 0) when
 * `gapSeconds` is 0 or the set has no timestamps. O(n log n) in the largest user's history.
 *
 * @example
 * const { set: augmented, sessions } = withSessionRows(train, 240);
 * augmented.userIds.length === train.userIds.length + sessions;
 */
export function withSessionRows(set: InteractionSet, gapSeconds: number): SessionRows {
  const ts = set.timestamps;
  if (gapSeconds <= 0 || !ts || set.length === 0) return { set, sessions: 0 };
  const gapMs = gapSeconds * 1000;
  const numUsers = set.userIds.length;
  const byUser = countingOrder(set.users.subarray(0, set.length), numUsers, null);
  // Pass 1: each user's timed rows oldest first (stable: ties keep input order) into `timed`, and
  // the [begin, end) ranges of `timed` that become session rows.
  const timed = new Int32Array(set.length);
  let timedCount = 0;
  const bounds: number[] = [];
  const distinct = new Set<number>();
  let start = 0;
  while (start < set.length) {
    const user = set.users[byUser[start]!]!;
    let end = start;
    while (end < set.length && set.users[byUser[end]!] === user) end++;
    const rows = Array.from(byUser.subarray(start, end)).filter((r) => !Number.isNaN(ts[r]!));
    rows.sort((a, b) => ts[a]! - ts[b]!);
    const base = timedCount;
    timed.set(rows, base);
    timedCount += rows.length;
    const limit = MAX_SHARE * (end - start);
    let first = 0;
    for (let p = 1; p <= rows.length; p++) {
      if (p < rows.length && ts[rows[p]!]! - ts[rows[p - 1]!]! <= gapMs) continue;
      distinct.clear();
      for (let q = first; q < p && distinct.size < 2; q++) distinct.add(set.items[rows[q]!]!);
      if (distinct.size >= 2 && p - first <= limit) bounds.push(base + first, base + p);
      first = p;
    }
    start = end;
  }
  const sessions = bounds.length / 2;
  if (sessions === 0) return { set, sessions: 0 };

  // Pass 2: the original rows, then each session's rows under its pseudo-user index.
  let extra = 0;
  for (let s = 0; s < sessions; s++) extra += bounds[2 * s + 1]! - bounds[2 * s]!;
  const n = set.length + extra;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const weights = new Float32Array(n);
  const timestamps = new Float64Array(n);
  users.set(set.users.subarray(0, set.length));
  items.set(set.items.subarray(0, set.length));
  weights.set(set.weights.subarray(0, set.length));
  timestamps.set(ts.subarray(0, set.length));
  let k = set.length;
  for (let s = 0; s < sessions; s++) {
    for (let q = bounds[2 * s]!; q < bounds[2 * s + 1]!; q++, k++) {
      const r = timed[q]!;
      users[k] = numUsers + s;
      items[k] = set.items[r]!;
      weights[k] = set.weights[r]!;
      timestamps[k] = ts[r]!;
    }
  }
  const userIds = set.userIds.slice();
  // Ids are never read back (the rows' vectors are dropped); they only have to be distinct.
  for (let s = 0; s < sessions; s++) userIds.push(`\u0000session:${s}`);
  return {
    set: { userIds, itemIds: set.itemIds, users, items, weights, timestamps, length: n },
    sessions,
  };
}
