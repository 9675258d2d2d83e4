/**
 * Segment vectors: one taste vector per user group of request context (schemas/segments.ts), for
 * a visitor with no history and no session items. Every training session votes for each segment
 * its context belongs to (all 15 subsets of its four dimensions, so the edge can back off); a
 * segment with fewer than `minUsers` distinct training users is not published (too noisy), and
 * its visitors fall back to a coarser one.
 *
 * Two ways to turn a group into a vector (measured in docs/benchmarks.md, "Segment cold start"):
 * - `mean_factor`: the mean of the trained factors of the group's sessions' users (one term per
 *   session, so a frequent visitor counts per visit);
 * - `fold_in`: one closed-form fold-in (models/mf/fold-in.ts) of the group's aggregate: its
 *   `foldInItems` most-touched items, weighted by their share of the group's interaction weight
 *   scaled so the top item weighs like a purchase (EVENT_WEIGHTS).
 */
import { EVENT_WEIGHTS, type SegmentContext, type SegmentTable, segmentKeys } from '#shared/schemas';
import { type FoldInParams, foldIn } from '../models/mf/index.ts';

/** One training session: its user's row in the factor matrix, its context, its items. */
export interface SegmentSession {
  user: number;
  context: SegmentContext;
  /** Item row → summed event weight in this session. */
  items: ReadonlyMap<number, number>;
}

export interface SegmentModel {
  dim: number;
  /** Row-major users × dim. */
  userFactors: Float32Array;
  /** Row-major items × dim. */
  itemFactors: Float32Array;
  foldIn: FoldInParams;
}

export interface LearnOptions {
  method: Exclude<SegmentTable['method'], 'user_tower'>;
  /** Least distinct training users a published segment has (default 20). */
  minUsers?: number;
  /** Most segments published, by support (default 2000). */
  maxSegments?: number;
  /** Items the fold-in aggregate keeps (default 50). */
  foldInItems?: number;
}

export interface Group {
  users: Set<number>;
  sessions: number;
  factorSum: Float64Array;
  itemWeights: Map<number, number>;
}

/** Accumulates every session into each of its segments. */
export function collect(sessions: readonly SegmentSession[], model: SegmentModel): Map<string, Group> {
  const groups = new Map<string, Group>();
  const { dim } = model;
  for (const s of sessions) {
    for (const key of segmentKeys(s.context)) {
      let g = groups.get(key);
      if (g === undefined) {
        g = { users: new Set(), sessions: 0, factorSum: new Float64Array(dim), itemWeights: new Map() };
        groups.set(key, g);
      }
      g.users.add(s.user);
      g.sessions++;
      for (let d = 0; d < dim; d++) g.factorSum[d]! += model.userFactors[s.user * dim + d]!;
      for (const [item, w] of s.items) g.itemWeights.set(item, (g.itemWeights.get(item) ?? 0) + w);
    }
  }
  return groups;
}

/** The fold-in of a group's most-touched items (weights: share of the top item × a purchase). */
export function aggregateFoldIn(g: Group, model: SegmentModel, keep: number): Float32Array {
  const top = Array.from(g.itemWeights)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, keep);
  const max = top[0]?.[1] ?? 1;
  const { dim } = model;
  const vectors = new Float32Array(top.length * dim);
  top.forEach(([item], r) => {
    vectors.set(model.itemFactors.subarray(item * dim, (item + 1) * dim), r * dim);
  });
  return foldIn(
    model.foldIn,
    vectors,
    top.map(([, w]) => (w / max) * EVENT_WEIGHTS.purchase),
  );
}

/**
 * The segment table of `sessions` under `model`.
 *
 * @example
 * const table = learnSegments(sessions, model, { method: 'fold_in', minUsers: 20 });
 */
export function learnSegments(
  sessions: readonly SegmentSession[],
  model: SegmentModel,
  options: LearnOptions,
): SegmentTable {
  const minUsers = options.minUsers ?? 20;
  const groups = Array.from(collect(sessions, model))
    .filter(([, g]) => g.users.size >= minUsers)
    .sort((a, b) => b[1].users.size - a[1].users.size || a[0].localeCompare(b[0]))
    .slice(0, options.maxSegments ?? 2000);
  const segments = groups.map(([key, g]) => {
    const vector =
      options.method === 'fold_in'
        ? aggregateFoldIn(g, model, options.foldInItems ?? 50)
        : Float32Array.from(g.factorSum, (v) => v / g.sessions);
    return { key, users: g.users.size, vector: Array.from(vector, (v) => Math.fround(v)) };
  });
  return { format: 'vitrine-segments', version: 1, dim: model.dim, method: options.method, segments };
}

/**
 * The vector for `context`: the most specific published segment it belongs to, with its key.
 *
 * @example
 * const hit = lookupSegment(table, { country: 'DE', device: 'mobile' }); // hit?.key === 'country=DE|device=mobile'
 */
export function lookupSegment(table: SegmentTable, context: SegmentContext) {
  const byKey = new Map(table.segments.map((s) => [s.key, s]));
  for (const key of segmentKeys(context)) {
    const hit = byKey.get(key);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
