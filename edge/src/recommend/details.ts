/**
 * `details` per recommended item, for requests that opt in (`details=1`): title, price +
 * currency, picture, link, brand and availability from the item cards published with the model
 * (the manifest's `itemCards`, the same cards the creative Worker draws banners from), so a
 * storefront widget never downloads the shop's feed. Only the card shards the answer's items
 * hash to are read, through the shard cache (verified once, kept in the isolate LRU). An answer
 * of another model version than the live manifest, or a model without cards, gets none.
 */
import { isIoError } from '#shared/errors';
import { type ItemCard, ItemCardShard, type ItemDetails, type RecommendationResponse } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { log } from '../../lib/index.ts';
import { type RecommendContext, reasonFor } from './answer.ts';

/** The card without its id (the answer's item already names it). */
function detailsOf({ itemId: _, ...details }: ItemCard): ItemDetails {
  return details;
}

/**
 * `body` with `details` on every item the live model has a card for. A card shard that cannot
 * be read costs its items' details, never the answer: they stand without them, degraded.
 *
 * @example
 * const body = await withItemDetails(ctx, await recommendForUser(ctx, userId, query), query);
 */
export async function withItemDetails(
  ctx: RecommendContext,
  body: RecommendationResponse,
  request: { details: boolean },
): Promise<RecommendationResponse> {
  if (!request.details || body.items.length === 0) return body;
  const manifest = (await ctx.services.manifests.current(ctx.scope)).loaded?.manifest;
  const section = manifest?.itemCards;
  if (manifest === undefined || section === undefined || manifest.version !== body.modelVersion) return body;
  const buckets = new Set(body.items.map((item) => bucketOf(item.itemId, section.shardCount)));
  // Settled, not Promise.all: a shard that fails costs only its own items' details; the cards
  // of the shards that loaded still go out (each load settles on its own deadline).
  const loads = await ctx.timing.measure('fetch', () =>
    Promise.allSettled(
      [...buckets].map((b) => {
        const ref = section.shards[b];
        return ref === undefined
          ? undefined
          : ctx.services.store.json(ref, 'item cards', ItemCardShard, ctx.scope);
      }),
    ),
  );
  const cards = new Map<string, ItemCard>();
  let degraded = body.degraded;
  for (const load of loads) {
    if (load.status === 'fulfilled') {
      for (const card of load.value?.items ?? []) cards.set(card.itemId, card);
      continue;
    }
    const error: unknown = load.reason;
    if (!isIoError(error)) throw error;
    const reason = reasonFor(error);
    log('warn', 'answer_degraded', {
      requestId: ctx.scope.requestId,
      route: ctx.route,
      version: manifest.version,
      reason,
      detail: `item cards: ${error.message}`,
    });
    degraded ??= { reason };
  }
  const items = body.items.map((item) => {
    const card = cards.get(item.itemId);
    return card === undefined ? item : { ...item, details: detailsOf(card) };
  });
  return degraded === undefined ? { ...body, items } : { ...body, items, degraded };
}
