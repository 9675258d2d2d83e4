/**
 * `POST /v1/recommendations`: a visitor without a trained vector. The session's items are
 * folded into a user vector on the fly (closed-form, item vectors fixed); with no session
 * items, a known `userId` uses its trained vector; with neither, the fallback list.
 * Items the model does not know are ignored; if none is known the session cannot be folded in.
 */
import type {
  Manifest,
  RecommendationResponse,
  SegmentContext,
  SessionRecommendationRequest,
} from '#shared/schemas';
import {
  type ExplainedFoldIn,
  type FoldInParams,
  foldInExplained,
  lookupVectors,
} from '../personalisation/index.ts';
import type { ItemFilter } from '../scoring/index.ts';
import { type Degradations, type RecommendContext, startAnswer } from './answer.ts';
import { unknownCategoryAnswer } from './category.ts';
import { fallbackAnswer } from './fallback.ts';
import { rankedAnswer } from './ranked.ts';
import { becauseViewed } from './reasons.ts';
import { segmentAnswer } from './segment.ts';

/** Session touches → distinct ids with a weight of 1 per touch. */
function weights(items: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of items) out.set(id, (out.get(id) ?? 0) + 1);
  return out;
}

/** A session's folded-in vector, its parts per item, and those items' ids (same order). */
interface SessionVector extends ExplainedFoldIn {
  ids: string[];
}

/**
 * The folded-in vector of the session's items that could be read (a broken item shard costs only
 * its own items, noted as a degradation), with each item's part of it (for `because_viewed`);
 * rejects when the Gramian cannot be read.
 */
async function sessionVector(
  ctx: RecommendContext,
  manifest: Manifest,
  touched: Map<string, number>,
  notes: Degradations,
): Promise<SessionVector | undefined> {
  const { store } = ctx.services;
  const dim = manifest.model.dim;
  // Settled, not raced: both loads run to their (bounded) end whatever the other does.
  const [lookup, gramian] = await Promise.allSettled([
    lookupVectors(manifest.items.byId, Array.from(touched.keys()), store, ctx.scope),
    store.f32(manifest.foldIn.gramian, dim * dim, ctx.scope),
  ]);
  if (lookup.status === 'rejected') throw lookup.reason;
  if (gramian.status === 'rejected') throw gramian.reason;
  for (const failure of lookup.value.failures) notes.absorb('session item vectors', failure);
  const ids = Array.from(lookup.value.found.keys());
  const items = Array.from(lookup.value.found, ([id, vector]) => ({ vector, weight: touched.get(id) ?? 1 }));
  const params: FoldInParams = {
    dim,
    gramian: gramian.value,
    regularization: manifest.foldIn.regularization,
    regularizationExponent: manifest.foldIn.regularizationExponent,
    unobservedWeight: manifest.foldIn.unobservedWeight,
    alpha: manifest.foldIn.alpha,
    itemCount: manifest.items.count,
    activityExponent: manifest.foldIn.activityExponent,
    activityScale: manifest.foldIn.activityScale,
  };
  const explained = foldInExplained(items, params);
  return explained === undefined ? undefined : { ...explained, ids };
}

/**
 * Recommendations for a session (and optionally a known user).
 *
 * @example
 * const body = await recommendForSession(ctx, SessionRecommendationRequest.parse({ items: ['i1', 'i2'] }));
 */
export async function recommendForSession(
  ctx: RecommendContext,
  request: SessionRecommendationRequest,
  /** The request's context, for a stranger's segment (segment.ts). */
  context?: SegmentContext,
): Promise<RecommendationResponse> {
  const { notes, state } = await startAnswer(ctx);
  const exclude = new Set(request.exclude);
  if (request.excludeSeen) for (const id of request.items) exclude.add(id);
  const filter: ItemFilter = { exclude, category: request.category, availableOnly: true };
  const manifest = state.loaded?.manifest;
  if (manifest === undefined) return fallbackAnswer(ctx, undefined, filter, request.k, notes, request);
  const unknown = await unknownCategoryAnswer(ctx, manifest, filter, notes, 'session_fold_in');
  if (unknown !== undefined) return unknown;
  const touched = weights(request.items);
  if (touched.size > 0) {
    try {
      const session = await ctx.timing.measure('user', () => sessionVector(ctx, manifest, touched, notes));
      if (session !== undefined) {
        const reasoner = becauseViewed(session.ids, session);
        return rankedAnswer(
          ctx,
          manifest,
          session.vector,
          'session_fold_in',
          filter,
          request,
          notes,
          reasoner,
        );
      }
    } catch (error) {
      notes.absorb('session fold-in', error);
    }
  }
  const userId = request.userId;
  if (userId !== undefined) {
    const { found, failures } = await ctx.timing.measure('user', () =>
      lookupVectors(manifest.users, [userId], ctx.services.store, ctx.scope),
    );
    for (const failure of failures) notes.absorb('user vector', failure);
    const vector = found.get(userId);
    if (vector !== undefined)
      return rankedAnswer(ctx, manifest, vector, 'user_vector', filter, request, notes);
  }
  const segment = await segmentAnswer(ctx, manifest, context, filter, request, notes);
  return segment ?? fallbackAnswer(ctx, manifest, filter, request.k, notes, request);
}
