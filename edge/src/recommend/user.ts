/**
 * `GET /v1/users/:userId/recommendations`: the trained user vector from its hash shard, then
 * the ranked answer. A user the model does not know gets the fallback list (strategy
 * `popular_fallback`, not degraded: that is the designed answer for a stranger).
 */
import type { RecommendationQuery, RecommendationResponse } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { lookupVectors } from '../personalisation/index.ts';
import type { ItemFilter } from '../scoring/index.ts';
import { type RecommendContext, startAnswer } from './answer.ts';
import { unknownCategoryAnswer } from './category.ts';
import { fallbackAnswer } from './fallback.ts';
import { rankedAnswer } from './ranked.ts';

/**
 * Starts loading the user's shard as named by the live pointer's `hot` refs, so that on a cold
 * isolate it loads beside the manifest instead of after it. Nothing waits on it: the lookup
 * below asks the shard store for the manifest's ref, which is the same blob, and shares the
 * load in flight (a pointer without `hot` refs just prefetches nothing).
 */
function prefetchUserShard(ctx: RecommendContext, userId: string): void {
  const { manifests, store } = ctx.services;
  const load = manifests
    .hot()
    .then((hot) => {
      const ref = hot?.users.shards[bucketOf(userId, hot.users.shardCount)];
      return ref === undefined ? undefined : store.shard(ref, ctx.scope);
    })
    .catch(() => undefined); // a failed prefetch costs nothing: the lookup reports its own failure
  ctx.scope.waitUntil(load);
}

/**
 * Personalised top-k for a known user.
 *
 * @example
 * const body = await recommendForUser(ctx, 'u42', RecommendationQuery.parse({ k: '5' }));
 */
export async function recommendForUser(
  ctx: RecommendContext,
  userId: string,
  query: RecommendationQuery,
): Promise<RecommendationResponse> {
  const started = startAnswer(ctx);
  prefetchUserShard(ctx, userId);
  const { notes, state } = await started;
  const filter: ItemFilter = {
    exclude: new Set(query.exclude),
    category: query.category,
    availableOnly: true,
  };
  const manifest = state.loaded?.manifest;
  if (manifest === undefined) return fallbackAnswer(ctx, undefined, filter, query.k, notes, query);
  const unknown = await unknownCategoryAnswer(ctx, manifest, filter, notes, 'user_vector');
  if (unknown !== undefined) return unknown;
  // The router needs the centroids as soon as the vector is known: fetch them beside the user
  // shard instead of after it (the shard store shares the in-flight load with search()).
  ctx.services.store.shard(manifest.items.index.centroids, ctx.scope).catch(() => undefined);
  const { found, failures } = await ctx.timing.measure('user', () =>
    lookupVectors(manifest.users, [userId], ctx.services.store, ctx.scope),
  );
  for (const failure of failures) notes.absorb('user vector', failure);
  const vector = found.get(userId);
  if (vector === undefined) return fallbackAnswer(ctx, manifest, filter, query.k, notes, query);
  return rankedAnswer(ctx, manifest, vector, 'user_vector', filter, query, notes);
}
