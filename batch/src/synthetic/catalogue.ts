/**
 * Synthetic catalogue: items in the leaves of a store profile's category tree (profiles.ts), with
 * brands that specialise in a few segments, log-normal prices per segment scaled by a brand
 * tier, quintile price bands, a few tags, a custom attribute, and a unique title per item (a
 * model name spelled from the item's number, so no two items look alike in a list). Written
 * straight into the columnar `Catalogue` (no per-item objects), so 1M items cost tens of MB.
 *
 * Pictures: item r's `imageUrl` is `/demo/images/<r>.png`, which the demo store serves
 * (batch/src/demo-store draws or picks picture r).
 *
 * Dates added (`addedAt`, what `new_in_category` reads): a tenth of the items launched during the
 * history (a uniform day of it), the rest up to a year before it; drawn from a stream of their
 * own, so every other column (and every event) is what it was before dates existed.
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

/** Brand and tag tendencies of each segment, drawn before any item. */
interface Tendencies {
  brands: string[];
  /** Price multiplier per brand (budget labels ×0.6 … premium ×1.8). */
  tier: Float64Array;
  brandGivenCategory: Float64Array;
  categoryCdf: Float64Array;
  /** Per segment, CDF over the profile's tags. */
  tagCdf: Float64Array;
}

function drawTendencies(rng: Rng, profile: StoreProfile, nb: number): Tendencies {
  const NC = profile.segments.length;
  const tags = profile.tags;
  const brands = brandNames(rng.fork('brand-names'), nb);
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
  return { brands, tier, brandGivenCategory, categoryCdf, tagCdf };
}

/** The catalogue's columns, filled one item at a time. */
class ItemColumns {
  readonly ids: string[] = [];
  readonly titles: string[] = [];
  readonly segment: Int32Array;
  readonly category: Int32Array;
  readonly brand: Int32Array;
  readonly price: Float64Array;
  readonly available: Uint8Array;
  readonly tagIndptr: Int32Array;
  readonly tagIndices: number[] = [];
  readonly attributes: Record<string, AttributeValue>[] = [];
  readonly imageUrl: string[] = [];
  readonly url: string[] = [];

  constructor(n: number) {
    this.segment = new Int32Array(n);
    this.category = new Int32Array(n);
    this.brand = new Int32Array(n);
    this.price = new Float64Array(n);
    this.available = new Uint8Array(n);
    this.tagIndptr = new Int32Array(n + 1);
  }
}

/** Draws item `i`: segment, leaf, brand, price, availability, one or two tags, rating, title. */
function drawItem(
  rng: Rng,
  i: number,
  idWidth: number,
  profile: StoreProfile,
  t: Tendencies,
  leafIndex: number[][],
  out: ItemColumns,
): void {
  const nb = t.brands.length;
  const ntags = profile.tags.length;
  const c = sampleCdf(rng, t.categoryCdf);
  const seg = profile.segments[c]!;
  const leaf = rng.nextInt(seg.leaves.length);
  const b = sampleCdf(rng, t.brandGivenCategory, c * nb, nb);
  const p = Math.max(1, Math.round(seg.medianPrice * t.tier[b]! * Math.exp(0.35 * rng.normal()))) - 0.01;
  const id = `i${String(i).padStart(idWidth, '0')}`;
  out.ids.push(id);
  out.segment[i] = c;
  out.category[i] = leafIndex[c]![leaf]!;
  out.brand[i] = b;
  out.price[i] = p;
  out.available[i] = rng.next() < 0.97 ? 1 : 0;
  const t1 = sampleCdf(rng, t.tagCdf, c * ntags, ntags);
  const t2 = rng.next() < 0.6 ? sampleCdf(rng, t.tagCdf, c * ntags, ntags) : t1;
  const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
  out.tagIndices.push(lo);
  if (hi !== lo) out.tagIndices.push(hi);
  out.tagIndptr[i + 1] = out.tagIndices.length;
  out.attributes.push({ rating: Math.round((3 + 2 * rng.next()) * 10) / 10 });
  out.titles.push(`${t.brands[b]} ${modelName(i)} ${seg.leaves[leaf]}`);
  out.imageUrl.push(`/demo/images/${i}.png`);
  out.url.push(`/demo?item=${id}`);
}

/** A uniformly random permutation of 0…n-1 (Fisher–Yates). */
function shuffledRanks(rng: Rng, n: number): Int32Array {
  const rank = Int32Array.from({ length: n }, (_, i) => i);
  for (let j = n - 1; j > 0; j--) {
    const r = rng.nextInt(j + 1);
    const t = rank[j]!;
    rank[j] = rank[r]!;
    rank[r] = t;
  }
  return rank;
}

/**
 * Generates `config.items` items.
 *
 * @example
 * const { catalogue } = generateCatalogue(createRng(1).fork('catalogue'), resolveConfig({ items: 500 }));
 */
export function generateCatalogue(rng: Rng, config: StorefrontConfig): SyntheticCatalogue {
  const profile = storeProfile(config.store);
  const n = config.items;
  const tend = drawTendencies(rng, profile, config.brands);
  const categories = new CategoryInterner();
  const leafIndex = profile.segments.map((seg) =>
    seg.leaves.map((leaf, l) => categories.intern([...seg.labels, leaf], leafId(seg, l))),
  );
  const cols = new ItemColumns(n);
  const idWidth = String(n).length;
  for (let i = 0; i < n; i++) drawItem(rng, i, idWidth, profile, tend, leafIndex, cols);
  const popRank = shuffledRanks(rng, n);
  const currency = new Int16Array(n);
  const catalogue: Catalogue = {
    ids: cols.ids,
    titles: cols.titles,
    category: cols.category,
    categories: categories.table(),
    brand: cols.brand,
    brands: tend.brands,
    price: cols.price,
    currency,
    currencies: [profile.currency],
    priceBand: priceBands(cols.price, currency),
    tagIndptr: cols.tagIndptr,
    tagIndices: Int32Array.from(cols.tagIndices),
    tagNames: [...profile.tags],
    attributes: cols.attributes,
    imageUrl: cols.imageUrl,
    url: cols.url,
    available: cols.available,
    addedAt: addedDates(rng.fork('added'), n, config),
    length: n,
  };
  const { brandGivenCategory, categoryCdf } = tend;
  const segments = profile.segments.length;
  return { catalogue, popRank, brandGivenCategory, categoryCdf, segment: cols.segment, segments, profile };
}

const DAY_MS = 86_400_000;
/** Share of the items launched during the history rather than before it. */
const LAUNCHED_DURING_HISTORY = 0.1;

/** Epoch ms each item was added (module header). */
function addedDates(rng: Rng, n: number, config: StorefrontConfig): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const during = rng.next() < LAUNCHED_DURING_HISTORY;
    const day = during ? rng.nextInt(config.days) : -1 - rng.nextInt(365);
    out[i] = config.start + day * DAY_MS;
  }
  return out;
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
