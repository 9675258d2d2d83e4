import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { CatalogueItem, MfConfig } from '#shared/schemas';
import { CatalogueBuilder } from '../../../batch/src/data/catalogue.ts';
import { InteractionBuilder, toCsr } from '../../../batch/src/data/interactions.ts';
import {
  catalogueFeatureSources,
  catalogueFeatures,
  embedFeatures,
  fitFeatureMap,
  itemFeatureNames,
} from '../../../batch/src/models/mf/features.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { scoresOf, topIndices } from './planted.ts';

const DIM = 16;
/** Pinned so the test does not move with the tuned defaults. */
const TRAIN = {
  iterations: 8,
  compute: 'js',
  threads: 1,
  regularization: 0.01,
  regularizationExponent: 1,
  unobservedWeight: 0.05,
} as const;
/** Two levels: siblings share the `home` / `tech` feature, so only the leaf tells them apart. */
const CATS = ['home/kitchen', 'home/bath', 'tech/audio', 'tech/phones'];

/**
 * 4 categories × 3 brands, 200 items; each of 240 users loves one category and one brand:
 * they touch items of their category often, items of their brand (any category) sometimes.
 */
function shop(seed: number) {
  const rng = createRng(seed);
  const cat = new CatalogueBuilder();
  const items: { category: string; brand: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const item = { category: CATS[i % 4]!, brand: `b${Math.floor(i / 4) % 3}` };
    items.push(item);
    cat.add(
      CatalogueItem.parse({
        itemId: `i${i}`,
        category: item.category.split('/'),
        brand: item.brand,
        price: 10 + (i % 7) * 20,
        currency: 'EUR',
        tags: i % 2 ? ['linen'] : [],
      }),
    );
  }
  const b = new InteractionBuilder();
  for (let i = 0; i < items.length; i++) b.internItem(`i${i}`);
  for (let u = 0; u < 240; u++) {
    const likes = { category: CATS[u % 4]!, brand: `b${Math.floor(u / 4) % 3}` };
    items.forEach((item, i) => {
      const p = (item.category === likes.category ? 0.3 : 0.01) + (item.brand === likes.brand ? 0.1 : 0);
      if (rng.next() < p) b.add(`u${u}`, `i${i}`);
    });
  }
  return { set: b.build(), catalogue: cat.build(), items };
}

describe('side features (ridge map to the embedding space)', () => {
  it('places a brand-new item built from features alone among items with the same features', async () => {
    const { set, catalogue, items } = shop(3);
    const model = await trainIals(set, MfConfig.parse({ ...TRAIN, factors: DIM }));
    const csr = toCsr(set, 'item');
    const counts = set.itemIds.map((_, i) => csr.indptr[i + 1]! - csr.indptr[i]!);
    const map = fitFeatureMap(catalogueFeatures(catalogue, set.itemIds), model.itemFactors, DIM, { counts });
    const cosine = (v: Float32Array) => {
      const s = scoresOf(v, model.itemFactors, DIM);
      return Array.from(
        s,
        (x, i) => x / (Math.hypot(...model.itemFactors.subarray(i * DIM, (i + 1) * DIM)) || 1),
      );
    };
    for (const category of CATS) {
      const fresh = embedFeatures(
        map,
        itemFeatureNames({ category, brand: 'b1', band: 'value', tags: ['linen'] }),
      );
      const near = topIndices(cosine(fresh), 10);
      const sameCategory = near.filter((i) => items[i]!.category === category).length;
      expect(sameCategory).toBeGreaterThanOrEqual(9);
    }
  });

  it('ranks a new item high for fans of its category and low for everyone else', async () => {
    const { set, catalogue } = shop(4);
    const model = await trainIals(set, MfConfig.parse({ ...TRAIN, factors: DIM }));
    const csr = toCsr(set, 'item');
    const counts = set.itemIds.map((_, i) => csr.indptr[i + 1]! - csr.indptr[i]!);
    const map = fitFeatureMap(catalogueFeatures(catalogue, set.itemIds), model.itemFactors, DIM, { counts });
    const fresh = embedFeatures(map, itemFeatureNames({ category: CATS[2]!, brand: 'b0' }));
    // Percentile of the new item's score among all items, for fans of its category vs the rest.
    const percentile = (u: number) => {
      const uid = set.userIds.indexOf(`u${u}`);
      const x = model.userFactors.subarray(uid * DIM, (uid + 1) * DIM);
      const mine = scoresOf(x, fresh, DIM)[0]!;
      const all = scoresOf(x, model.itemFactors, DIM);
      return all.filter((s) => s < mine).length / all.length;
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const users = Array.from({ length: 240 }, (_, u) => u);
    const fans = mean(users.filter((u) => u % 4 === 2).map(percentile));
    const others = mean(users.filter((u) => u % 4 !== 2).map(percentile));
    expect(fans).toBeGreaterThan(0.7);
    expect(others).toBeLessThan(0.5);
  });

  it('falls back to the intercept for unknown features and ignores rows without interactions', () => {
    const map = fitFeatureMap(
      {
        names: ['category=dress', 'brand=x'],
        indptr: Int32Array.of(0, 1, 2, 4),
        indices: Int32Array.of(0, 0, 0, 1),
      },
      Float32Array.of(1, 0, 1, 0, 9, 9),
      2,
      { counts: [3, 3, 0], minSupport: 1, ridge: 1e-6 },
    );
    expect(map.names).toEqual(['category=dress']);
    const known = embedFeatures(map, ['category=dress']);
    expect(known[0]!).toBeCloseTo(1, 3);
    expect(known[1]!).toBeCloseTo(0, 3);
    expect([...embedFeatures(map, ['brand=never-seen'])]).toEqual([...map.bias]);
  });

  it('bands a numeric attribute into quintiles over every catalogue row that has it', () => {
    // 20,000 rows: the values of an attribute are gathered once per catalogue (this was a copy
    // per row, quadratic in items, and hours of one thread at 1M items).
    const rows = 20_000;
    const cat = new CatalogueBuilder();
    for (let i = 0; i < rows; i++) {
      const attributes: Record<string, string | number> = { material: i % 2 ? 'linen' : 'wool' };
      if (i % 10 !== 9) attributes.rating = (i * 7919) % rows; // a permutation of the row numbers
      cat.add(CatalogueItem.parse({ itemId: `i${i}`, attributes }));
    }
    const sourceOf = catalogueFeatureSources(cat.build());
    const perBand = new Map<string, number>();
    for (let r = 0; r < rows; r++) {
      const a = sourceOf(r).attributes ?? {};
      expect(a.material).toBe(r % 2 ? 'linen' : 'wool');
      if (r % 10 === 9) expect(a.rating).toBeUndefined();
      else perBand.set(a.rating!, (perBand.get(a.rating!) ?? 0) + 1);
    }
    // 18,000 rated rows, and each quintile holds a fifth of them.
    expect([...perBand.keys()].sort()).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    for (const count of perBand.values()) expect(Math.abs(count - 3_600)).toBeLessThanOrEqual(5);
  });
});
