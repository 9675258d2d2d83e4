/**
 * The answer for strangers and for failures: the publisher's popularity lists (global, or per
 * category id — the "segment"; a category's list includes its descendants' items), with the same
 * id filters as every other path. If even that blob cannot be read the answer is an empty list,
 * still a 200, marked degraded. Every listed item carries its own category (what a
 * `creativeUrl` needs) and the reason `popular_in_category` with its rank in the list. A
 * request for diversity reranks the list's first `rerankPoolSize` admissible entries with the
 * shared reranker; without vectors, similarity is the category-path one.
 */

import type { Manifest, RecommendationResponse, RecommendedItem } from '#shared/schemas';
import { diversify, rerankPoolSize, wantsRerank } from '#shared/scoring';
import type { RequestScope } from '../../lib/index.ts';
import { type ItemFilter, passesIdFilters } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';

/** What every recommend request says about the length and shape of its list. */
export interface RankParams {
  k: number;
  /** 0–1, MMR (default 0). */
  diversity?: number | undefined;
  /** Cap per leaf category (default none). */
  maxPerCategory?: number | undefined;
}

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
 * return fallbackAnswer(ctx, manifest, filter, query.k, notes, query);
 * @param rerank the request's `diversity` and `maxPerCategory` (default: plain popularity order)
 */
export async function fallbackAnswer(
  ctx: RecommendContext,
  manifest: Manifest | undefined,
  filter: ItemFilter,
  k: number,
  notes: Degradations,
  rerank: Omit<RankParams, 'k'> = {},
): Promise<RecommendationResponse> {
  if (manifest === undefined) return notes.respond(null, 'popular_fallback', []);
  const { store } = ctx.services;
  try {
    const lists = await ctx.timing.measure('fallback', () =>
      store.fallback(manifest.fallback, withGrace(ctx.scope)),
    );
    const category = filter.category;
    const source = category === undefined ? lists.global : (lists.byCategory[category] ?? []);
    const options = { k, diversity: rerank.diversity ?? 0, maxPerCategory: rerank.maxPerCategory };
    const pool = rerankPoolSize(options);
    const seen = new Set<string>();
    const items: RecommendedItem[] = [];
    for (let i = 0; i < source.length && items.length < pool; i++) {
      const { itemId, score, category: itemCategory } = source[i] as (typeof source)[number];
      if (seen.has(itemId) || !passesIdFilters(filter, itemId, itemCategory)) continue;
      seen.add(itemId);
      // The rank is the item's place in the published list: the evidence a shop can check.
      const reason = { code: 'popular_in_category' as const, rank: i + 1, ...(category ? { category } : {}) };
      items.push(
        itemCategory === undefined
          ? { itemId, score, reason }
          : { itemId, score, category: itemCategory, reason },
      );
    }
    return notes.respond(
      manifest.version,
      'popular_fallback',
      wantsRerank(options) ? diversify(items, options) : items,
    );
  } catch (error) {
    notes.absorb('fallback lists', error);
    return notes.respond(manifest.version, 'popular_fallback', []);
  }
}
