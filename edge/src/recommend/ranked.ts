/**
 * From a query vector to an answer: IVF search with the request's filters, and the fallback
 * list when the index cannot be searched at all. Shared by the user, session and similar-item
 * strategies, which differ only in where the vector comes from.
 */
import type { Manifest, RecommendationResponse, Strategy } from '#shared/schemas';
import { type ItemFilter, search } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';
import { fallbackAnswer } from './fallback.ts';

/**
 * The top-k answer for `vector`; degrades to the fallback list when no IVF list can be read,
 * and notes partial failures (the lists that could be read still answer).
 *
 * @example
 * return rankedAnswer(ctx, manifest, userVec, 'user_vector', filter, { k: 10, nprobe }, notes);
 */
export async function rankedAnswer(
  ctx: RecommendContext,
  manifest: Manifest,
  vector: Float32Array,
  strategy: Strategy,
  filter: ItemFilter,
  params: { k: number; nprobe?: number | undefined },
  notes: Degradations,
): Promise<RecommendationResponse> {
  const index = manifest.items.index;
  const nprobe = params.nprobe ?? index.defaultNprobe;
  try {
    const deps = { index, store: ctx.services.store, scope: ctx.scope, timing: ctx.timing };
    const outcome = await search(vector, { k: params.k, nprobe }, filter, deps);
    for (const failure of outcome.failures) notes.absorb('IVF list', failure);
    const items = outcome.hits.map(({ itemId, score, category }) =>
      category === undefined ? { itemId, score } : { itemId, score, category },
    );
    return notes.respond(manifest.version, strategy, items);
  } catch (error) {
    notes.absorb('IVF index', error);
    return fallbackAnswer(ctx, manifest, filter, params.k, notes);
  }
}
