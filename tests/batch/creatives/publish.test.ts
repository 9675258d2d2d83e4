/**
 * Publishing creatives' companions: the brand kit is validated and stored as JSON with its
 * defaults filled in; item cards land in the hash bucket the edge looks an id up in.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '#shared/errors';
import { BrandKit, ItemCardShard, Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { MemoryStore } from '#shared/storage';
import { storeBrandKit, storeItemCards } from '../../../batch/src/creatives/index.ts';

const readJson = async (store: MemoryStore, key: string) =>
  JSON.parse(new TextDecoder().decode(await store.get(key)));
const item = (itemId: string) => ({
  itemId,
  title: `Item ${itemId}`,
  price: 9.99,
  currency: 'EUR',
  category: 'bags',
  categoryLabel: 'Bags',
});

describe('storeBrandKit', () => {
  it('stores the validated kit with its defaults, content-addressed', async () => {
    const store = new MemoryStore('kit');
    const ref = await storeBrandKit(store, {
      format: 'vitrine-brand-kit',
      version: 1,
      name: 'Shop',
      colors: { primary: '#123456' },
    });
    expect(ref.key).toBe(`blobs/${ref.sha256}`);
    const stored = BrandKit.parse(await readJson(store, ref.key));
    expect(stored.cta).toEqual({ en: 'Shop now' });
    expect(stored.colors.background).toBe('#f7f5f0');
  });

  it('refuses an invalid kit naming the field', async () => {
    const error = await storeBrandKit(new MemoryStore('bad'), {
      format: 'vitrine-brand-kit',
      version: 1,
      name: 'S',
      colors: { primary: 'blue' },
    }).catch((e: unknown) => e);
    expect(isAppError(error) && error.kind === 'invalid_argument' && error.field).toBe(
      'brandKit.colors.primary',
    );
  });
});

describe('storeItemCards', () => {
  it('puts each card in the bucket of its id, sorted, with a blob for every bucket', async () => {
    const store = new MemoryStore('cards');
    const ids = Array.from({ length: 40 }, (_, i) => `sku-${i}`);
    const section = await storeItemCards(store, ids.map(item), 4);
    expect(Manifest.shape.itemCards.parse(section)).toEqual(section);
    expect(section.shards).toHaveLength(4);
    let total = 0;
    for (const [b, ref] of section.shards.entries()) {
      const { items } = ItemCardShard.parse(await readJson(store, ref.key));
      total += items.length;
      for (const card of items) expect(bucketOf(card.itemId, 4)).toBe(b);
      expect(items.map((c) => c.itemId)).toEqual([...items.map((c) => c.itemId)].sort());
    }
    expect(total).toBe(40);
  });

  it('refuses a card without a currency, naming the row and field', async () => {
    const { currency: _, ...broken } = item('sku-1');
    const error = await storeItemCards(new MemoryStore('x'), [item('sku-0'), broken], 2).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.field).toBe('items.1.currency');
  });
});
