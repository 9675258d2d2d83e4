/**
 * Segment vectors from the **user tower** (models/towers, `side: 'user'`): request context →
 * MLP → a user vector, learned in batch and published per segment like the other methods, so
 * the edge serves it unchanged (the most specific published segment of a stranger's context).
 *
 * Why a tower: `fold_in` and `mean_factor` learn each context group on its own, so a group needs
 * many training users (20 by default) before its vector is trusted, and a visitor from a rarer
 * combination (this referrer on a tablet in that country) backs off to a coarse group. The tower
 * learns what each context value means (`country=DE`, `referrer=news.example.org`, …) across all
 * groups that share it and composes them, so it can publish vectors for groups with few users.
 *
 * Training rows are the context groups themselves (every published key of every training
 * session, all 15 subsets of its four dimensions, segments.ts): features = the key's values;
 * positives = the group's `positivesPerGroup` most-touched items; teacher (distillation target)
 * = the group's fold-in (learn.ts). The tower's loss ranks each group's items first among all
 * items by x·y with the item factors fixed (towers/train.ts).
 */
import type { SegmentTable } from '#shared/schemas';
import type { SparseFeatures } from '../models/mf/features.ts';
import { disposeTower, embedRows, type TowerOptions, trainTower } from '../models/towers/index.ts';
import { aggregateFoldIn, collect, type Group, type SegmentModel, type SegmentSession } from './learn.ts';

export interface TowerSegmentOptions {
  /** Least distinct training users of a published group (default 5; the tower shares strength). */
  minUsers?: number;
  /** Most segments published, by support (default 5000). */
  maxSegments?: number;
  /** Items each group contributes as positives, most touched first (default 50). */
  positivesPerGroup?: number;
  /** Tower hyper-parameters (models/towers TOWER_DEFAULTS otherwise). */
  tower?: Partial<TowerOptions>;
}

/** The features of a segment key: its `dim=value` parts (`country=DE|device=mobile`). */
export const keyFeatures = (key: string): string[] => key.split('|');

/** Sparse feature rows of `keys` over the vocabulary of their parts. */
function keyRows(keys: readonly string[]): SparseFeatures {
  const index = new Map<string, number>();
  const indptr = [0];
  const indices: number[] = [];
  for (const key of keys) {
    const row = keyFeatures(key).map((name) => {
      let k = index.get(name);
      if (k === undefined) {
        k = index.size;
        index.set(name, k);
      }
      return k;
    });
    indices.push(...row.sort((a, b) => a - b));
    indptr.push(indices.length);
  }
  return { names: [...index.keys()], indptr: Int32Array.from(indptr), indices: Int32Array.from(indices) };
}

/** Each group's most-touched items as user-major positive rows. */
function groupPositives(groups: readonly Group[], keep: number) {
  const indptr = [0];
  const indices: number[] = [];
  for (const g of groups) {
    const top = Array.from(g.itemWeights)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, keep)
      .map(([item]) => item)
      .sort((a, b) => a - b);
    indices.push(...top);
    indptr.push(indices.length);
  }
  return { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices) };
}

/**
 * The `user_tower` segment table of `sessions` under `model` (module header).
 *
 * @example
 * const table = await learnTowerSegments(trainingSessions, model, { minUsers: 5 });
 */
export async function learnTowerSegments(
  sessions: readonly SegmentSession[],
  model: SegmentModel,
  options: TowerSegmentOptions = {},
): Promise<SegmentTable> {
  const minUsers = options.minUsers ?? 5;
  const all = Array.from(collect(sessions, model)).sort(
    (a, b) => b[1].users.size - a[1].users.size || a[0].localeCompare(b[0]),
  );
  const keys = all.map(([key]) => key);
  const groups = all.map(([, g]) => g);
  const { dim } = model;
  const teacher = new Float32Array(groups.length * dim);
  groups.forEach((g, r) => {
    teacher.set(aggregateFoldIn(g, model, options.positivesPerGroup ?? 50), r * dim);
  });
  const features = keyRows(keys);
  const { tower } = await trainTower(
    {
      side: 'user',
      features,
      teacher,
      counterpart: model.itemFactors,
      dim,
      positives: groupPositives(groups, options.positivesPerGroup ?? 50),
      numItems: model.itemFactors.length / dim,
    },
    options.tower,
  );
  try {
    const published = all
      .map(([key, g], r) => ({ key, users: g.users.size, r }))
      .filter((s) => s.users >= minUsers)
      .slice(0, options.maxSegments ?? 5000);
    const vectors = embedRows(
      tower,
      features,
      published.map((s) => s.r),
    );
    const segments = published.map((s, p) => ({
      key: s.key,
      users: s.users,
      vector: Array.from(vectors.subarray(p * dim, (p + 1) * dim)),
    }));
    return { format: 'vitrine-segments', version: 1, dim, method: 'user_tower', segments };
  } finally {
    disposeTower(tower);
  }
}
