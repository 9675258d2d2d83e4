/**
 * Creative URLs for recommended items: what the recommend Worker puts in its answers must be a
 * request the creative Worker accepts, stable per item and different between items.
 */

import { describe, expect, it } from 'vitest';
import { creativeUrl, creativeUrlFor } from '#shared/creative-links';
import { CreativeQuery } from '#shared/schemas';
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
});
