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
 *
 * Cost: each session row is one more row solve per sweep, O(d²) per CG step however few items it
 * has, so a store with many visits pays for them in training time (bench:mf:large: 1.04M session
 * rows beside 242k users took a sweep from 3.3 to 8.2 s). `maxSessions` keeps the most recent
 * ones (what shoppers want together now, in today's catalogue) and drops the rest.
 */
import type { InteractionSet } from '../../data/interactions.ts';
import { countingOrder } from '../../data/pairs.ts';

/** Largest share of a user's interactions one session row may hold (see the module header). */
const MAX_SHARE = 0.9;

export interface SessionRows {
  /** `set` with the session rows appended: users `0..set.userIds.length-1` keep their indices. */
  set: InteractionSet;
  /** How many session rows (pseudo-users) were appended after the real users. */
  sessions: number;
}

/**
 * `set` plus one pseudo-user per session (module header), at most `maxSessions` of them (those
 * that ended last). Returns `set` itself (sessions 0) when `gapSeconds` or `maxSessions` is 0 or
 * the set has no timestamps. O(n log n) in the largest user's history.
 *
 * @example
 * const { set: augmented, sessions } = withSessionRows(train, 240);
 * augmented.userIds.length === train.userIds.length + sessions;
 */
export function withSessionRows(
  set: InteractionSet,
  gapSeconds: number,
  maxSessions = Number.POSITIVE_INFINITY,
): SessionRows {
  const ts = set.timestamps;
  if (gapSeconds <= 0 || maxSessions < 1 || !ts || set.length === 0) return { set, sessions: 0 };
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
  const found = bounds.length / 2;
  if (found === 0) return { set, sessions: 0 };
  const kept = found > maxSessions ? latest(bounds, timed, ts, maxSessions) : bounds;
  const sessions = kept.length / 2;

  // Pass 2: the original rows, then each session's rows under its pseudo-user index.
  let extra = 0;
  for (let s = 0; s < sessions; s++) extra += kept[2 * s + 1]! - kept[2 * s]!;
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
    for (let q = kept[2 * s]!; q < kept[2 * s + 1]!; q++, k++) {
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

/** The `max` sessions of `bounds` that ended last (ties: the earlier listed), in listed order. */
function latest(bounds: number[], timed: Int32Array, ts: Float64Array, max: number): number[] {
  const count = bounds.length / 2;
  const end = new Float64Array(count);
  for (let s = 0; s < count; s++) end[s] = ts[timed[bounds[2 * s + 1]! - 1]!]!;
  const cut = Float64Array.from(end).sort()[count - max]!;
  let above = 0;
  for (let s = 0; s < count; s++) if (end[s]! > cut) above++;
  let ties = max - above;
  const out: number[] = [];
  for (let s = 0; s < count; s++) {
    if (end[s]! > cut || (end[s] === cut && ties-- > 0)) out.push(bounds[2 * s]!, bounds[2 * s + 1]!);
  }
  return out;
}
