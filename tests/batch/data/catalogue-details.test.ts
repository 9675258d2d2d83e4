/**
 * Item cards, the one publication of per-item metadata: what a card holds (and leaves out), and
 * how the cards land in content-addressed shards in the hash bucket the edge looks an id up in.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { type BlobRef, ItemCard, ItemCardShard, Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import {
  CARDS_PER_SHARD,
  cardShardCount,
  catalogueCards,
  publishItemCards,
} from '../../../batch/src/data/catalogue-details.ts';
import { parseCatalogue } from '../../../batch/src/data/catalogue-load.ts';

const enc = (s: string) => new TextEncoder().encode(s);

const JSONL = [
  '{"itemId":"sku-1","title":"Linen dress","category":"Women > Dresses > Maxi","brand":"Talu","price":39.99,"currency":"EUR","imageUrl":"https://shop.example/1.jpg","url":"/p/sku-1","tags":["linen"],"attributes":{"material":"linen"}}',
  '{"itemId":"sku-2","category":["Küche","Messer"],"price":1500,"currency":"JPY","available":false,"imageUrl":"javascript:alert(1)"}',
  '{"itemId":"sku-3"}',
].join('\n');

/** An in-memory content-addressed blob writer, like the publish session's. */
function blobs() {
  const stored = new Map<string, Uint8Array>();
  const putBlob = async (bytes: Uint8Array): Promise<BlobRef> => {
    const sha256 = await sha256Hex(bytes);
    stored.set(`blobs/${sha256}`, bytes);
    return { key: `blobs/${sha256}`, sha256, size: bytes.length };
  };
  const read = (ref: BlobRef) =>
    ItemCardShard.parse(JSON.parse(new TextDecoder().decode(stored.get(ref.key))));
  return { putBlob, read };
}

describe('catalogueCards', () => {
  it('keeps what a shopper sees, in the item currency, and leaves out what the catalogue lacks', () => {
    const { data } = parseCatalogue(enc(JSONL), 'jsonl');
    expect(catalogueCards(data)).toEqual([
      {
        itemId: 'sku-1',
        title: 'Linen dress',
        price: 39.99,
        currency: 'EUR',
        brand: 'Talu',
        imageUrl: 'https://shop.example/1.jpg',
        url: '/p/sku-1',
        category: 'women/dresses/maxi',
        categoryLabel: 'Maxi',
      },
      // Out of stock is written; a javascript: picture is left off rather than published.
      {
        itemId: 'sku-2',
        price: 1500,
        currency: 'JPY',
        available: false,
        category: 'küche/messer',
        categoryLabel: 'Messer',
      },
      { itemId: 'sku-3' },
    ]);
  });

  it('refuses a card whose price has no currency', () => {
    expect(ItemCard.safeParse({ itemId: 'x', price: 3 }).success).toBe(false);
    expect(ItemCard.safeParse({ itemId: 'x', price: 3, currency: 'USD' }).success).toBe(true);
  });
});

describe('publishItemCards', () => {
  const cards = Array.from({ length: 3 * CARDS_PER_SHARD + 5 }, (_, i) => ({
    itemId: `sku-${i}`,
    title: `Item ${i}`,
  }));

  it('refuses to publish a card that breaks the ItemCard schema (cards are checked where they leave batch)', async () => {
    const { putBlob } = blobs();
    await expect(publishItemCards([...cards, { itemId: 'x', price: 3 }], putBlob)).rejects.toThrow(
      /currency/,
    );
  });

  it('puts each card in the bucket of its id, sorted, with a blob for every bucket', async () => {
    const { putBlob, read } = blobs();
    const section = await publishItemCards(cards, putBlob);
    expect(Manifest.shape.itemCards.parse(section)).toEqual(section);
    expect(section.shardCount).toBe(cardShardCount(cards.length));
    expect(section.shards).toHaveLength(4);
    let total = 0;
    for (const [b, ref] of section.shards.entries()) {
      const ids = read(ref).items.map((c) => c.itemId);
      total += ids.length;
      expect(ids.every((id) => bucketOf(id, 4) === b)).toBe(true);
      expect(ids).toEqual([...ids].sort());
    }
    expect(total).toBe(cards.length);
  });

  it('writes the same blobs for the same cards in any order (content-addressed, shared between versions)', async () => {
    const a = await publishItemCards(cards, blobs().putBlob);
    const b = await publishItemCards([...cards].reverse(), blobs().putBlob);
    expect(b).toEqual(a);
  });

  it('gives an empty catalogue one empty shard, so any id can be looked up', async () => {
    const { putBlob, read } = blobs();
    const section = await publishItemCards([], putBlob);
    expect(section.shardCount).toBe(1);
    expect(read(section.shards[0]!).items).toEqual([]);
  });
});
