/**
 * Sampling buckets: items grouped by taste segment (a level of the store's category tree), by
 * (segment, brand) and by (segment, price band),
 * each bucket ordered from most to least popular. A view picks a bucket from the shopper's tastes
 * and then a Zipf-distributed position in it, so popularity is a power law inside every niche and
 * the niches themselves carry the planted structure.
 */
import { PRICE_BANDS } from '#shared/schemas';
import type { Catalogue } from '../data/catalogue.ts';
import { countingOrder } from '../data/pairs.ts';

/** Items of bucket b are `items[start[b] .. start[b+1])`, most popular first. */
export interface Buckets {
  start: Int32Array;
  items: Int32Array;
}

export interface SamplingBuckets {
  byCategory: Buckets;
  /** Bucket `category * brands + brand`. */
  byBrand: Buckets;
  /** Bucket `category * PRICE_BANDS.length + band`. */
  byBand: Buckets;
}

/**
 * Builds the three bucketings in O(items) with counting sorts.
 *
 * @example
 * const b = buildBuckets(shop.catalogue, shop.popRank, shop.segment, shop.segments);
 * const size = b.byCategory.start[c + 1]! - b.byCategory.start[c]!;
 */
export function buildBuckets(
  catalogue: Catalogue,
  popRank: Int32Array,
  segment: Int32Array,
  segments: number,
): SamplingBuckets {
  const n = catalogue.length;
  const nb = catalogue.brands.length;
  const nBands = PRICE_BANDS.length;
  // Items in popularity order; the stable sorts below keep that order inside each bucket.
  const byPopularity = new Int32Array(n);
  for (let i = 0; i < n; i++) byPopularity[popRank[i]!] = i;
  const catKey = new Int32Array(n);
  const brandKey = new Int32Array(n);
  const bandKey = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = segment[i]!;
    catKey[i] = c;
    brandKey[i] = c * nb + Math.max(0, catalogue.brand[i]!);
    bandKey[i] = c * nBands + Math.max(0, catalogue.priceBand[i]!);
  }
  return {
    byCategory: bucketize(catKey, segments, byPopularity),
    byBrand: bucketize(brandKey, segments * nb, byPopularity),
    byBand: bucketize(bandKey, segments * nBands, byPopularity),
  };
}

function bucketize(keys: Int32Array, range: number, within: Int32Array): Buckets {
  const items = countingOrder(keys, range, within);
  const start = new Int32Array(range + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
  for (let b = 0; b < range; b++) start[b + 1]! += start[b]!;
  return { start, items };
}
