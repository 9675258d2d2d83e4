/**
 * A small interaction set written as rows, for tests whose answer depends on exactly which
 * (user, item, weight, time) rows exist: ids are interned in the order they first appear.
 */
import { InteractionBuilder, type InteractionSet } from '../../batch/src/data/interactions.ts';

/** `[userId, itemId, weight?, timestampMs?]`, as `InteractionBuilder.add` takes them. */
export type Row = readonly [string, string, number?, number?];

/**
 * @example
 * const set = interactionsOf([['u1', 'a'], ['u2', 'a', 2, 1_700_000_000_000]]);
 */
export function interactionsOf(rows: readonly Row[]): InteractionSet {
  const b = new InteractionBuilder();
  for (const [user, item, weight, ts] of rows) b.add(user, item, weight, ts);
  return b.build();
}
