/**
 * The answer for strangers and for failures: the publisher's popularity lists (global, or per
 * category — the "segment"), with the same id filters as every other path. If even that blob
 * cannot be read the answer is an empty list, still a 200, marked degraded.
 */
import type { Manifest, RecommendationResponse } from '#shared/schemas';
import { type ItemFilter, passesIdFilters } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';

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
    const lists = await ctx.timing.measure('fallback', () => store.fallback(manifest.fallback, ctx.scope));
    const category = filter.category;
    const source = category === undefined ? lists.global : (lists.byCategory[category] ?? []);
    const seen = new Set<string>();
    const items = [];
    for (const { itemId, score } of source) {
      if (items.length >= k) break;
      if (seen.has(itemId) || !passesIdFilters(filter, itemId)) continue;
      seen.add(itemId);
      items.push(category === undefined ? { itemId, score } : { itemId, score, category });
    }
    return notes.respond(manifest.version, 'popular_fallback', items);
  } catch (error) {
    notes.absorb('fallback lists', error);
    return notes.respond(manifest.version, 'popular_fallback', []);
  }
}
