/**
 * Synthetic catalogue: items in the leaves of a store profile's category tree (profiles.ts), with
 * brands that specialise in a few segments, log-normal prices per segment scaled by a brand
 * tier, quintile price bands, a few tags, a custom attribute, and a unique title per item (a
 * model name spelled from the item's number, so no two items look alike in a list). Written
 * straight into the columnar `Catalogue` (no per-item objects), so 1M items cost tens of MB.
 *
 * Pictures: item r's `imageUrl` is `/demo/images/<r>.png`, which the demo store serves
 * (batch/src/demo-store draws or picks picture r).
 */
import type { Rng } from '#shared/random';
import type { AttributeValue } from '#shared/schemas';
import { type Catalogue, priceBands } from '../data/catalogue.ts';
import { CategoryInterner } from '../data/catalogue-categories.ts';
import type { StorefrontConfig } from './config.ts';
import { leafId, type StoreProfile, storeProfile } from './profiles.ts';
import { cumulative, sampleCdf } from './sampling.ts';

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
  /** Per segment, CDF over brands (segment × brands), favouring the brands that specialise in it. */
  brandGivenCategory: Float64Array;
  /** Relative size of each segment (CDF over segments). */
  categoryCdf: Float64Array;
  /** Taste segment of each item (sampling buckets). */
  segment: Int32Array;
  segments: number;
  profile: StoreProfile;
}

/**
 * Generates `config.items` items.
 *
 * @example
 * const { catalogue } = generateCatalogue(createRng(1).fork('catalogue'), resolveConfig({ items: 500 }));
 */
export function generateCatalogue(rng: Rng, config: StorefrontConfig): SyntheticCatalogue {
  const profile = storeProfile(config.store);
  const NC = profile.segments.length;
  const tags = profile.tags;
  const n = config.items;
  const nb = config.brands;
  const brands = brandNames(rng.fork('brand-names'), nb);
  // Brand tier multiplies prices (budget labels ×0.6 … premium ×1.8).
  const tier = Float64Array.from({ length: nb }, () => Math.exp(0.3 * rng.normal()));
  // Each brand specialises in 1–3 segments; others get a small weight.
  const affinity = new Float64Array(NC * nb).fill(0.05);
  for (let b = 0; b < nb; b++) {
    const count = 1 + rng.nextInt(3);
    for (let j = 0; j < count; j++) affinity[rng.nextInt(NC) * nb + b] = 1 + rng.next();
  }
  const brandGivenCategory = new Float64Array(NC * nb);
  for (let c = 0; c < NC; c++)
    brandGivenCategory.set(cumulative(affinity.subarray(c * nb, (c + 1) * nb)), c * nb);
  const categoryCdf = cumulative(Float64Array.from({ length: NC }, () => 0.6 + 0.8 * rng.next()));
  // Tags each segment leans towards.
  const tagCdf = new Float64Array(NC * tags.length);
  for (let c = 0; c < NC; c++) {
    const w = Float64Array.from(tags, () => (rng.next() < 0.3 ? 3 : 0.3) * rng.next());
    tagCdf.set(cumulative(w), c * tags.length);
  }
  const categories = new CategoryInterner();
  const leafIndex = profile.segments.map((seg) =>
    seg.leaves.map((leaf, l) => categories.intern([...seg.labels, leaf], leafId(seg, l))),
  );

  const idWidth = String(n).length;
  const ids: string[] = [];
  const titles: string[] = [];
  const segment = new Int32Array(n);
  const category = new Int32Array(n);
  const brand = new Int32Array(n);
  const price = new Float64Array(n);
  const available = new Uint8Array(n);
  const tagIndptr = new Int32Array(n + 1);
  const tagIndices: number[] = [];
  const attributes: Record<string, AttributeValue>[] = [];
  const imageUrl: string[] = [];
  const url: string[] = [];

  for (let i = 0; i < n; i++) {
    const c = sampleCdf(rng, categoryCdf);
    const seg = profile.segments[c]!;
    const leaf = rng.nextInt(seg.leaves.length);
    const b = sampleCdf(rng, brandGivenCategory, c * nb, nb);
    const p = Math.max(1, Math.round(seg.medianPrice * tier[b]! * Math.exp(0.35 * rng.normal()))) - 0.01;
    const id = `i${String(i).padStart(idWidth, '0')}`;
    ids.push(id);
    segment[i] = c;
    category[i] = leafIndex[c]![leaf]!;
    brand[i] = b;
    price[i] = p;
    available[i] = rng.next() < 0.97 ? 1 : 0;
    const t1 = sampleCdf(rng, tagCdf, c * tags.length, tags.length);
    const t2 = rng.next() < 0.6 ? sampleCdf(rng, tagCdf, c * tags.length, tags.length) : t1;
    const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
    tagIndices.push(lo);
    if (hi !== lo) tagIndices.push(hi);
    tagIndptr[i + 1] = tagIndices.length;
    attributes.push({ rating: Math.round((3 + 2 * rng.next()) * 10) / 10 });
    titles.push(`${brands[b]} ${modelName(i)} ${seg.leaves[leaf]}`);
    imageUrl.push(`/demo/images/${i}.png`);
    url.push(`/demo?item=${id}`);
  }

  const popRank = Int32Array.from({ length: n }, (_, i) => i);
  for (let j = n - 1; j > 0; j--) {
    const r = rng.nextInt(j + 1);
    const t = popRank[j]!;
    popRank[j] = popRank[r]!;
    popRank[r] = t;
  }
  const currency = new Int16Array(n);
  const catalogue: Catalogue = {
    ids,
    titles,
    category,
    categories: categories.table(),
    brand,
    brands,
    price,
    currency,
    currencies: [profile.currency],
    priceBand: priceBands(price, currency),
    tagIndptr,
    tagIndices: Int32Array.from(tagIndices),
    tagNames: [...tags],
    attributes,
    imageUrl,
    url,
    available,
    length: n,
  };
  return { catalogue, popRank, brandGivenCategory, categoryCdf, segment, segments: NC, profile };
}

/** `Tavelu`: the item number spelt in syllables (base 16, at least three), unique per item. */
function modelName(i: number): string {
  let s = '';
  let x = i;
  for (let k = 0; k < 3 || x > 0; k++) {
    s += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  }
  return s[0]!.toUpperCase() + s.slice(1);
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
