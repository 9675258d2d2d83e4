/**
 * The training-side half of deletion and retention: rows of suppressed subjects, and rows older
 * than the retention cut-off, are dropped right after loading, and suppressed users leave the id
 * table too — a user id that stays in `userIds` would travel into model.json and, with a zero
 * vector, nowhere useful. This covers every input format, including an interactions CSV the
 * pipeline cannot rewrite, and events that arrive after a request was applied.
 */
import { type InteractionSet, subset } from '../data/interactions.ts';
import { subjectHash } from './requests.ts';

export interface Suppression {
  /** Raw subject keys of requests applied in this run (user ids, `session:<id>`). */
  keys: ReadonlySet<string>;
  /** sha256 of subject keys of requests applied earlier. */
  hashes: ReadonlySet<string>;
  /** Rows with a timestamp before this (epoch ms) are dropped; null: no retention. */
  cutoff: number | null;
}

export interface SuppressionStats {
  users: number;
  rows: number;
  expiredRows: number;
}

/**
 * `set` without suppressed users (rows and ids) and without rows older than the cut-off.
 *
 * @example
 * const { set: clean } = suppress(set, { keys: new Set(['u-42']), hashes: new Set(), cutoff: null });
 */
export function suppress(
  set: InteractionSet,
  rules: Suppression,
): { set: InteractionSet; stats: SuppressionStats } {
  const gone = set.userIds.map(
    (id) => rules.keys.has(id) || (rules.hashes.size > 0 && rules.hashes.has(subjectHash(id))),
  );
  const stats: SuppressionStats = { users: gone.filter(Boolean).length, rows: 0, expiredRows: 0 };
  const keep = new Uint8Array(set.length);
  const cutoff = rules.cutoff;
  for (let r = 0; r < set.length; r++) {
    if (gone[set.users[r] as number]) stats.rows++;
    else if (cutoff !== null && set.timestamps !== null && (set.timestamps[r] as number) < cutoff)
      stats.expiredRows++;
    else keep[r] = 1;
  }
  if (stats.users === 0 && stats.expiredRows === 0) return { set, stats };
  const kept = subset(set, keep);
  // Compact the user table: a suppressed (or now row-less) user keeps no index.
  const used = new Uint8Array(set.userIds.length);
  for (let r = 0; r < kept.length; r++) used[kept.users[r] as number] = 1;
  const remap = new Int32Array(set.userIds.length).fill(-1);
  const userIds: string[] = [];
  set.userIds.forEach((id, u) => {
    if (used[u]) remap[u] = userIds.push(id) - 1;
  });
  const users = kept.users.map((u) => remap[u] as number);
  return { set: { ...kept, userIds, users }, stats };
}
