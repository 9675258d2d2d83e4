/**
 * The answer for strangers and for failures: the publisher's popularity lists (global, or per
 * category id — the "segment"; a category's list includes its descendants' items), with the same
 * id filters as every other path. If even that blob cannot be read the answer is an empty list,
 * still a 200, marked degraded. Every listed item carries its own category (what a
 * `creativeUrl` needs).
 */
import type { Manifest, RecommendationResponse } from '#shared/schemas';
import type { RequestScope } from '../../lib/index.ts';
import { type ItemFilter, passesIdFilters } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';

/**
 * Time the fallback may still take when the request's deadline has passed: the fallback blob
 * is warmed when a model goes live, so this is a bound for the rare cold read, not a budget.
 */
export const FALLBACK_GRACE_MS = 500;

/** `scope` with at least `FALLBACK_GRACE_MS` left on its deadline. */
function withGrace(scope: RequestScope): RequestScope {
  if (scope.deadlineMs === undefined) return scope;
  const deadlineMs = Math.max(scope.deadlineMs, Date.now() + FALLBACK_GRACE_MS);
  return {
    waitUntil: (p) => scope.waitUntil(p),
    deadlineMs,
    ...(scope.requestId ? { requestId: scope.requestId } : {}),
  };
}

/**
 * The fallback answer for `manifest` (or an empty one when there is no model at all).
 *
 * @example
 * return fallbackAnswer(ctx, manifest, filter, query.k, notes);
 */
export async function fallbackAnswer(
  ctx: RecommendContext,
  manifest: Manifest | undefined,
  filter: ItemFilter,
  k: number,
  notes: Degradations,
): Promise<RecommendationResponse> {
  if (manifest === undefined) return notes.respond(null, 'popular_fallback', []);
  const { store } = ctx.services;
  try {
    const lists = await ctx.timing.measure('fallback', () =>
      store.fallback(manifest.fallback, withGrace(ctx.scope)),
    );
    const category = filter.category;
    const source = category === undefined ? lists.global : (lists.byCategory[category] ?? []);
    const seen = new Set<string>();
    const items = [];
    for (const { itemId, score, category: itemCategory } of source) {
      if (items.length >= k) break;
      if (seen.has(itemId) || !passesIdFilters(filter, itemId, itemCategory)) continue;
      seen.add(itemId);
      items.push(itemCategory === undefined ? { itemId, score } : { itemId, score, category: itemCategory });
    }
    return notes.respond(manifest.version, 'popular_fallback', items);
  } catch (error) {
    notes.absorb('fallback lists', error);
    return notes.respond(manifest.version, 'popular_fallback', []);
  }
}
