import { describe, expect, it } from 'vitest';
import {
  CatalogueItem,
  CategoryId,
  categoryAncestry,
  categoryIdOf,
  categorySlug,
  isWithinCategory,
  nearestCategory,
  priceBandEdges,
  priceBandIndex,
  splitCategoryPath,
} from '#shared/schemas';

describe('category paths', () => {
  it('slugs any UTF-8 label to a stable, well-formed id', () => {
    expect(categoryIdOf(['Women', 'Dresses & Skirts', 'Maxi'])).toBe('women/dresses-skirts/maxi');
    expect(categoryIdOf(['Küche', '包丁', 'Ａｎｋｌｅ Boots'])).toBe('küche/包丁/ankle-boots');
    expect(categorySlug('  T-Shirts!!  ')).toBe('t-shirts');
    // A label with no letters or digits still gets an id, the same one every time.
    expect(categorySlug('★★★')).toMatch(/^c-[0-9a-f]{8}$/);
    expect(categorySlug('★★★')).toBe(categorySlug('★★★'));
    for (const id of [
      'women/dresses-skirts/maxi',
      'küche/包丁/ankle-boots',
      categorySlug('★★★'),
      'ankle_boot',
    ])
      expect(CategoryId.safeParse(id).success, id).toBe(true);
  });

  it('rejects malformed ids: upper case, spaces, empty levels, more than 8 levels', () => {
    for (const id of ['Women', 'women dresses', 'women//maxi', '/women', 'women/', 'a/b/c/d/e/f/g/h/i', ''])
      expect(CategoryId.safeParse(id).success, id).toBe(false);
  });

  it('splits merchant-feed paths and matches a filter against descendants only', () => {
    expect(splitCategoryPath('Home >  Kitchen>Knives >')).toEqual(['Home', 'Kitchen', 'Knives']);
    expect(categoryAncestry('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(isWithinCategory('women/dresses/maxi', 'women')).toBe(true);
    expect(isWithinCategory('women/dresses/maxi', 'women/dresses/maxi')).toBe(true);
    expect(isWithinCategory('womenswear/dresses', 'women')).toBe(false);
    expect(isWithinCategory('women', 'women/dresses')).toBe(false);
    expect(nearestCategory('coat/parkas', ['tshirt', 'coat'])).toBe('coat');
    expect(nearestCategory('a/b/c', ['a', 'a/b'])).toBe('a/b');
    expect(nearestCategory('garden/tools', ['coat'])).toBeUndefined();
  });

  it('takes a catalogue row with a path string or labels, and an explicit id of the same depth', () => {
    expect(CatalogueItem.parse({ itemId: 'x', category: 'Home > Kitchen' }).category).toEqual([
      'Home',
      'Kitchen',
    ]);
    expect(
      CatalogueItem.safeParse({ itemId: 'x', category: ['Home'], categoryId: 'home/kitchen' }).success,
    ).toBe(false);
    expect(CatalogueItem.safeParse({ itemId: 'x', price: 3 }).success).toBe(false);
    expect(CatalogueItem.safeParse({ itemId: 'x', price: 3, currency: 'usd' }).success).toBe(false);
  });
});

describe('price bands', () => {
  it('are the quintiles of the shop’s own prices', () => {
    const prices = Array.from({ length: 100 }, (_, i) => 1000 + i);
    const edges = priceBandEdges(prices);
    expect(edges).toEqual([1020, 1040, 1060, 1080]);
    const counts = [0, 0, 0, 0, 0];
    for (const p of prices) counts[priceBandIndex(p, edges)]!++;
    expect(counts).toEqual([20, 20, 20, 20, 20]);
  });
});
