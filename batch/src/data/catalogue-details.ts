/**
 * Item cards: the ONE publication of per-item metadata (title, price + currency, picture, link,
 * brand, availability, category). The recommend Worker answers `details=1` from them, so the
 * storefront widget never downloads the shop's feed; the creative Worker draws per-item banners
 * from them. They are hash-sharded by item id in buckets of about `CARDS_PER_SHARD`: one answer
 * reads only the few small shards its items fall in, never the whole catalogue.
 */
import { type BlobRef, type ItemCard, ItemCardShard, type Manifest, ShopLink } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import type { Catalogue } from './catalogue.ts';

/** Items per card shard, about: ~30 KiB of JSON, one small read per bucket an answer touches. */
export const CARDS_PER_SHARD = 128;

/** Shards for `items` cards (at least one, so any id can be looked up). */
export const cardShardCount = (items: number): number => Math.max(1, Math.ceil(items / CARDS_PER_SHARD));

/** The card of catalogue row `r` (fields the catalogue lacks are left out, not emptied). */
export function itemCard(catalogue: Catalogue, r: number): ItemCard {
  const card: ItemCard = { itemId: catalogue.ids[r]! };
  if (catalogue.titles[r]) card.title = catalogue.titles[r];
  const price = catalogue.price[r]!;
  const currency = catalogue.currency[r]!;
  if (!Number.isNaN(price) && currency >= 0) {
    card.price = price;
    card.currency = catalogue.currencies[currency]!;
  }
  if (catalogue.brand[r]! >= 0) card.brand = catalogue.brands[catalogue.brand[r]!]!;
  // A link of another scheme (`javascript:`) is left off the card rather than failing the run.
  if (ShopLink.safeParse(catalogue.imageUrl[r]).success) card.imageUrl = catalogue.imageUrl[r]!;
  if (ShopLink.safeParse(catalogue.url[r]).success) card.url = catalogue.url[r]!;
  if (catalogue.available[r] !== 1) card.available = false;
  const c = catalogue.category[r]!;
  if (c >= 0) {
    card.category = catalogue.categories.ids[c]!;
    card.categoryLabel = catalogue.categories.labels[c]!;
  }
  return card;
}

/**
 * Every catalogue item's card. Not parsed here: the cards are checked against `ItemCard` where
 * they leave the process — `writeTrainedRun` and `publishItemCards` (so a malformed card still
 * fails in batch, never at the edge) — and parsing each one here as well cost ~12 CPU-s of a
 * retrain at 1M items, on the main thread.
 *
 * @example
 * const cards = catalogueCards(catalogue); // TrainedRun.cards
 */
export function catalogueCards(catalogue: Catalogue): ItemCard[] {
  const cards: ItemCard[] = [];
  for (let r = 0; r < catalogue.length; r++) cards.push(itemCard(catalogue, r));
  return cards;
}

/**
 * Stores `cards` as `ItemCardShard` JSON blobs, one per bucket (empty ones too), each sorted by
 * id, and returns the manifest's `itemCards` section.
 *
 * @example
 * const itemCards = await publishItemCards(run.cards, session.putBlob);
 */
export async function publishItemCards(
  cards: readonly ItemCard[],
  putBlob: (bytes: Uint8Array) => Promise<BlobRef>,
  shardCount: number = cardShardCount(cards.length),
): Promise<NonNullable<Manifest['itemCards']>> {
  const buckets: ItemCard[][] = Array.from({ length: shardCount }, () => []);
  for (const card of cards) buckets[bucketOf(card.itemId, shardCount)]!.push(card);
  const shards: BlobRef[] = [];
  const encoder = new TextEncoder();
  for (const items of buckets) {
    items.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    shards.push(await putBlob(encoder.encode(JSON.stringify(ItemCardShard.parse({ items })))));
  }
  return { hash: 'fnv1a32', shardCount, shards };
}
