/**
 * `GET /v1/items/:itemId/similar`: the item's own vector as the query, the item itself
 * excluded. An id the model does not know is a 404 (there is nothing to be similar to).
 */

import type { z } from 'zod';
import { AppError } from '#shared/errors';
import type { RecommendationResponse, SimilarQuery } from '#shared/schemas';
import { lookupVectors } from '../personalisation/index.ts';
import type { ItemFilter } from '../scoring/index.ts';
import { type RecommendContext, startAnswer } from './answer.ts';
import { unknownCategoryAnswer } from './category.ts';
import { fallbackAnswer } from './fallback.ts';
import { rankedAnswer } from './ranked.ts';
import { similarTo } from './reasons.ts';

/**
 * Items most similar (inner product) to `itemId`.
 *
 * @example
 * const body = await similarItems(ctx, 'i17', SimilarQuery.parse({}));
 */
export async function similarItems(
  ctx: RecommendContext,
  itemId: string,
  query: z.infer<typeof SimilarQuery>,
): Promise<RecommendationResponse> {
  const { notes, state } = await startAnswer(ctx);
  const filter: ItemFilter = { exclude: new Set([itemId]), category: query.category, availableOnly: true };
  const manifest = state.loaded?.manifest;
  if (manifest === undefined) return fallbackAnswer(ctx, undefined, filter, query.k, notes, query);
  const unknown = await unknownCategoryAnswer(ctx, manifest, filter, notes, 'item_similarity');
  if (unknown !== undefined) return unknown;
  const { found, failures } = await ctx.timing.measure('user', () =>
    lookupVectors(manifest.items.byId, [itemId], ctx.services.store, ctx.scope),
  );
  const vector = found.get(itemId);
  if (vector === undefined) {
    if (failures.length === 0) {
      throw new AppError('not_found', `item ${itemId} is not in model ${manifest.version}`, {
        field: 'itemId',
      });
    }
    for (const failure of failures) notes.absorb('item vector', failure);
    return fallbackAnswer(ctx, manifest, filter, query.k, notes, query);
  }
  return rankedAnswer(ctx, manifest, vector, 'item_similarity', filter, query, notes, similarTo(itemId));
}
