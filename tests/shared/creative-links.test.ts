/**
 * Creative URLs for recommended items: what the recommend Worker puts in its answers must be a
 * request the creative Worker accepts, stable per item and different between items.
 */

import { describe, expect, it } from 'vitest';
import { creativeUrl, creativeUrlFor, itemCreativeUrl, libraryIndex } from '#shared/creative-links';
import { type CreativeEntry, CreativeQuery } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';

describe('creative links', () => {
  it('builds a URL whose query the creative Worker schema accepts as the same request', () => {
    const link = new URL(
      creativeUrl('https://recs.example.com/', {
        category: 'ankle_boot',
        seed: 4_294_967_295,
        size: 'leaderboard',
        template: 'bold',
      }),
    );
    expect(link.origin + link.pathname).toBe('https://recs.example.com/v1/creatives/ankle_boot');
    expect(CreativeQuery.parse(Object.fromEntries(link.searchParams))).toEqual({
      seed: 4_294_967_295,
      size: 'leaderboard',
      template: 'bold',
      format: 'png', // not in the URL: the query's default
    });
  });

  it('seeds an item by fnv1a32 of its id: stable per item, different between items', () => {
    const a = creativeUrlFor('bag', 'sku-1', 'https://x.test');
    expect(creativeUrlFor('bag', 'sku-1', 'https://x.test')).toBe(a);
    expect(a).toBe(
      `https://x.test/v1/creatives/bag?seed=${fnv1a32('sku-1')}&size=medium-rectangle&template=classic`,
    );
    expect(creativeUrlFor('bag', 'sku-2', 'https://x.test')).not.toBe(a);
    expect(creativeUrlFor('bag', 'sku-1', 'https://x.test', { size: 'mobile-banner' })).toContain(
      'size=mobile-banner',
    );
  });

  it('refuses a seed outside u32 and an unknown size as programmer errors', () => {
    expect(() => creativeUrl('https://x.test', { category: 'bag', seed: -1 })).toThrow(RangeError);
    expect(() => creativeUrl('https://x.test', { category: 'bag', seed: 1.5 })).toThrow(RangeError);
    expect(() =>
      creativeUrl('https://x.test', { category: 'bag', seed: 1, size: 'huge' as 'leaderboard' }),
    ).toThrow(RangeError);
  });

  it('prefers a library banner of the wanted slot, picked by item id, else links on demand', () => {
    const entry = (seed: number, size: string, template: string, digit: string): CreativeEntry => ({
      category: 'bag',
      seed,
      size,
      template,
      width: 300,
      height: 250,
      blob: { key: `blobs/${digit.repeat(64)}`, sha256: digit.repeat(64), size: 10 },
    });
    const library = libraryIndex([
      entry(1, 'medium-rectangle', 'classic', 'b'),
      entry(0, 'medium-rectangle', 'classic', 'a'),
      entry(0, 'leaderboard', 'classic', 'c'),
    ]);
    for (const itemId of ['sku-1', 'sku-2', 'sku-3', 'sku-4']) {
      const digit = ['a', 'b'][fnv1a32(itemId) % 2]!;
      expect(itemCreativeUrl({ itemId, category: 'bag' }, 'https://x.test/', library)).toBe(
        `https://x.test/v1/blobs/${digit.repeat(64)}`,
      );
      // No bold banner of bags in the library, and no shoes at all: on-demand URLs.
      expect(
        itemCreativeUrl({ itemId, category: 'bag' }, 'https://x.test', library, { template: 'bold' }),
      ).toBe(creativeUrlFor('bag', itemId, 'https://x.test', { template: 'bold' }));
      expect(itemCreativeUrl({ itemId, category: 'sneaker' }, 'https://x.test', library)).toBe(
        creativeUrlFor('sneaker', itemId, 'https://x.test'),
      );
    }
    expect(
      itemCreativeUrl({ itemId: 'sku-1', category: 'bag' }, 'https://x.test', library, {
        size: 'leaderboard',
      }),
    ).toBe(`https://x.test/v1/blobs/${'c'.repeat(64)}`);
  });

  it('links only approved library banners (pending and rejected ones fall back to on demand)', () => {
    const entry = (digit: string, status?: CreativeEntry['status']): CreativeEntry => ({
      category: 'bag',
      seed: 0,
      size: 'medium-rectangle',
      template: 'classic',
      width: 300,
      height: 250,
      blob: { key: `blobs/${digit.repeat(64)}`, sha256: digit.repeat(64), size: 10 },
      ...(status === undefined ? {} : { status }),
    });
    const item = { itemId: 'sku-1', category: 'bag' };
    const hidden = libraryIndex([entry('a', 'pending'), entry('b', 'rejected')]);
    expect(itemCreativeUrl(item, 'https://x.test', hidden)).toBe(
      creativeUrlFor('bag', 'sku-1', 'https://x.test'),
    );
    const approved = libraryIndex([entry('a', 'pending'), entry('d', 'approved')]);
    expect(itemCreativeUrl(item, 'https://x.test', approved)).toBe(
      `https://x.test/v1/blobs/${'d'.repeat(64)}`,
    );
  });
});
