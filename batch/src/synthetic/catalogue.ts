/**
 * Synthetic catalogue: items in the 10 Fashion-MNIST categories, with brands that specialise in a
 * few categories, log-normal prices per category scaled by a brand tier, price bands, a few tags
 * and an image ordinal. Written straight into the columnar `Catalogue` (no per-item objects), so
 * 1M items cost tens of MB.
 *
 * `imageIndex` is the item's ordinal among the Fashion-MNIST *test* images of its category
 * (1000 per class): the k-th image whose label is that category. It cycles when a category has
 * more than 1000 items.
 */
import type { Rng } from '#shared/random';
import { CATEGORIES, PRICE_BANDS, priceBandOf } from '#shared/schemas';
import type { Catalogue } from '../data/catalogue.ts';
import type { StorefrontConfig } from './config.ts';
import { cumulative, sampleCdf } from './sampling.ts';

const NC = CATEGORIES.length;
/** Median price per category (same order as CATEGORIES). */
const MEDIAN_PRICE = [18, 45, 50, 60, 130, 35, 35, 85, 70, 110];
const LABEL = [
  'T-shirt',
  'trousers',
  'pullover',
  'dress',
  'coat',
  'sandals',
  'shirt',
  'sneakers',
  'bag',
  'ankle boots',
];
const IMAGES_PER_CATEGORY = 1000;
const TAGS = [
  'cotton',
  'linen',
  'wool',
  'leather',
  'denim',
  'silk',
  'recycled',
  'summer',
  'winter',
  'casual',
  'formal',
  'sport',
  'vintage',
  'slim',
  'oversized',
  'organic',
  'waterproof',
  'handmade',
  'classic',
  'new',
];
const SYLLABLES = [
  'nor',
  'vik',
  'ta',
  'lu',
  'mar',
  'sen',
  'ko',
  'ri',
  'bel',
  'an',
  'do',
  'fi',
  'ga',
  'hel',
  'is',
  'jo',
];

/** A generated catalogue plus the latent facts the session generator samples from. */
export interface SyntheticCatalogue {
  catalogue: Catalogue;
  /** Popularity rank of each item (0 = most popular); a random permutation. */
  popRank: Int32Array;
  /** Per category, CDF over brands (category × brands), favouring the brands that specialise in it. */
  brandGivenCategory: Float64Array;
  /** Relative size of each category (CDF over CATEGORIES). */
  categoryCdf: Float64Array;
}

/**
 * Generates `config.items` items.
 *
 * @example
 * const { catalogue } = generateCatalogue(createRng(1).fork('catalogue'), resolveConfig({ items: 500 }));
 */
export function generateCatalogue(rng: Rng, config: StorefrontConfig): SyntheticCatalogue {
  const n = config.items;
  const nb = config.brands;
  const brands = brandNames(rng.fork('brand-names'), nb);
  // Brand tier multiplies prices (budget labels ×0.6 … premium ×1.8).
  const tier = Float64Array.from({ length: nb }, () => Math.exp(0.3 * rng.normal()));
  // Each brand specialises in 1–3 categories; others get a small weight.
  const affinity = new Float64Array(NC * nb).fill(0.05);
  for (let b = 0; b < nb; b++) {
    const count = 1 + rng.nextInt(3);
    for (let j = 0; j < count; j++) affinity[rng.nextInt(NC) * nb + b] = 1 + rng.next();
  }
  const brandGivenCategory = new Float64Array(NC * nb);
  for (let c = 0; c < NC; c++)
    brandGivenCategory.set(cumulative(affinity.subarray(c * nb, (c + 1) * nb)), c * nb);
  const categoryCdf = cumulative(Float64Array.from({ length: NC }, () => 0.6 + 0.8 * rng.next()));
  // Tags each category leans towards.
  const tagCdf = new Float64Array(NC * TAGS.length);
  for (let c = 0; c < NC; c++) {
    const w = Float64Array.from(TAGS, () => (rng.next() < 0.3 ? 3 : 0.3) * rng.next());
    tagCdf.set(cumulative(w), c * TAGS.length);
  }

  const idWidth = String(n).length;
  const ids: string[] = [];
  const titles: string[] = [];
  const category = new Uint8Array(n);
  const brand = new Int32Array(n);
  const price = new Float64Array(n);
  const priceBand = new Int8Array(n);
  const imageIndex = new Int32Array(n);
  const available = new Uint8Array(n);
  const tagIndptr = new Int32Array(n + 1);
  const tagIndices: number[] = [];
  const perCategory = new Int32Array(NC);
  const bandIndex = new Map<string, number>(PRICE_BANDS.map((b, i) => [b, i]));

  for (let i = 0; i < n; i++) {
    const c = sampleCdf(rng, categoryCdf);
    const b = sampleCdf(rng, brandGivenCategory, c * nb, nb);
    const p = Math.max(1, Math.round(MEDIAN_PRICE[c]! * tier[b]! * Math.exp(0.35 * rng.normal()))) - 0.01;
    ids.push(`i${String(i).padStart(idWidth, '0')}`);
    category[i] = c;
    brand[i] = b;
    price[i] = p;
    priceBand[i] = bandIndex.get(priceBandOf(p))!;
    imageIndex[i] = perCategory[c]!++ % IMAGES_PER_CATEGORY;
    available[i] = rng.next() < 0.97 ? 1 : 0;
    const t1 = sampleCdf(rng, tagCdf, c * TAGS.length, TAGS.length);
    const t2 = rng.next() < 0.6 ? sampleCdf(rng, tagCdf, c * TAGS.length, TAGS.length) : t1;
    const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
    tagIndices.push(lo);
    if (hi !== lo) tagIndices.push(hi);
    tagIndptr[i + 1] = tagIndices.length;
    titles.push(`${brands[b]} ${TAGS[t1]} ${LABEL[c]}`);
  }

  const popRank = Int32Array.from({ length: n }, (_, i) => i);
  for (let j = n - 1; j > 0; j--) {
    const r = rng.nextInt(j + 1);
    const t = popRank[j]!;
    popRank[j] = popRank[r]!;
    popRank[r] = t;
  }

  return {
    catalogue: {
      ids,
      titles,
      category,
      brand,
      brands,
      price,
      priceBand,
      tagIndptr,
      tagIndices: Int32Array.from(tagIndices),
      tagNames: [...TAGS],
      imageIndex,
      available,
      length: n,
    },
    popRank,
    brandGivenCategory,
    categoryCdf,
  };
}

/** Distinct pronounceable brand names ("Norvik", "Talu", …). */
function brandNames(rng: Rng, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const parts = 2 + (names.size > 200 ? 1 : 0) + rng.nextInt(2);
    let s = '';
    for (let j = 0; j < parts; j++) s += SYLLABLES[rng.nextInt(SYLLABLES.length)];
    names.add(s[0]!.toUpperCase() + s.slice(1));
  }
  return [...names];
}
