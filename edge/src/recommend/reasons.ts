/**
 * Reason codes for ranked answers, computed from what the search already holds for each
 * returned item (its vector, category and catalogue date): no extra loads. Which code a path
 * gives is fixed by where its query vector came from (see `Reason` in shared/src/schemas/api.ts):
 * a session's fold-in names the session item contributing most to the item's score, an
 * item-to-item answer names the query item, a trained user vector has no history at the edge
 * (`picked_for_you`, or `new_in_category` for a recently added item).
 */
import { NEW_ITEM_DAYS, type Reason } from '#shared/schemas';
import type { ExplainedFoldIn } from '../personalisation/index.ts';
import type { SearchHit } from '../scoring/index.ts';

/** The reason of one returned item. */
export type Reasoner = (hit: SearchHit) => Reason;

const DAY_MS = 86_400_000;

/**
 * `because_viewed`: the session item whose part of the folded-in vector contributes most to the
 * item's score (`parts[i]·y`, which sum to the score), with that contribution.
 *
 * @example
 * const reason = becauseViewed(['i1', 'i2'], foldInExplained(items, params)!)(hit);
 */
export function becauseViewed(sessionIds: readonly string[], explained: ExplainedFoldIn): Reasoner {
  return (hit) => {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    explained.parts.forEach((part, i) => {
      let s = 0;
      for (let j = 0; j < part.length; j++) s += (part[j] as number) * (hit.vector[j] as number);
      if (s > bestValue) {
        best = i;
        bestValue = s;
      }
    });
    return { code: 'because_viewed', itemId: sessionIds[best] as string, contribution: bestValue };
  };
}

/** `similar_to` the query item. */
export const similarTo =
  (itemId: string): Reasoner =>
  () => ({ code: 'similar_to', itemId });

/**
 * True when `addedAt` is within NEW_ITEM_DAYS before `now` (a future date counts as new: a
 * shop's clock may run ahead of ours).
 */
export function isNew(addedAt: string | undefined, now: number): boolean {
  if (addedAt === undefined) return false;
  const t = Date.parse(addedAt);
  return Number.isFinite(t) && now - t <= NEW_ITEM_DAYS * DAY_MS;
}

/**
 * A trained user's items: `new_in_category` for a recently added item, else `picked_for_you`.
 *
 * @example
 * const reason = forUser(Date.now())(hit);
 */
export const forUser =
  (now: number): Reasoner =>
  (hit) =>
    isNew(hit.addedAt, now) && hit.addedAt !== undefined
      ? {
          code: 'new_in_category',
          addedAt: hit.addedAt,
          ...(hit.category === undefined ? {} : { category: hit.category }),
        }
      : { code: 'picked_for_you' };
