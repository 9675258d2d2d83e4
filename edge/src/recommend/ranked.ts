/**
 * From a query vector to an answer: IVF search with the request's filters (a pool of
 * `rerankPoolSize` candidates from the same lists when the request asks for diversity or a
 * category cap), the shared reranker, a reason per item, and the fallback list when the index
 * cannot be searched at all. Shared by the user, session and similar-item strategies, which
 * differ only in where the vector comes from (and so in their reasons).
 */

import type { Manifest, RecommendationResponse, RecommendedItem, Strategy } from '#shared/schemas';
import { diversify, rerankPoolSize, wantsRerank } from '#shared/scoring';
import { type ItemFilter, type SearchHit, search } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';
import { fallbackAnswer, type RankParams } from './fallback.ts';
import { forUser, type Reasoner } from './reasons.ts';

function answerItem(hit: SearchHit, reasoner: Reasoner): RecommendedItem {
  const { itemId, score, category } = hit;
  const reason = reasoner(hit);
  return category === undefined ? { itemId, score, reason } : { itemId, score, category, reason };
}

/**
 * The top-k answer for `vector`; degrades to the fallback list when no IVF list can be read,
 * and notes partial failures (the lists that could be read still answer).
 *
 * @example
 * return rankedAnswer(ctx, manifest, userVec, 'user_vector', filter, { k: 10, nprobe }, notes);
 * @param reasoner each item's reason (default: a trained user's, `forUser`)
 */
export async function rankedAnswer(
  ctx: RecommendContext,
  manifest: Manifest,
  vector: Float32Array,
  strategy: Strategy,
  filter: ItemFilter,
  params: RankParams & { nprobe?: number | undefined },
  notes: Degradations,
  reasoner: Reasoner = forUser(Date.now()),
): Promise<RecommendationResponse> {
  const index = manifest.items.index;
  const nprobe = params.nprobe ?? index.defaultNprobe;
  try {
    const deps = { index, store: ctx.services.store, scope: ctx.scope, timing: ctx.timing };
    const rerank = { k: params.k, diversity: params.diversity ?? 0, maxPerCategory: params.maxPerCategory };
    const candidates = rerankPoolSize(rerank);
    const outcome = await search(vector, { k: params.k, nprobe, candidates }, filter, deps);
    for (const failure of outcome.failures) notes.absorb('IVF list', failure);
    const hits = wantsRerank(rerank) ? diversify(outcome.hits, rerank) : outcome.hits;
    return notes.respond(
      manifest.version,
      strategy,
      hits.map((hit) => answerItem(hit, reasoner)),
    );
  } catch (error) {
    notes.absorb('IVF index', error);
    return fallbackAnswer(ctx, manifest, filter, params.k, notes, params);
  }
}
