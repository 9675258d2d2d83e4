/**
 * Planted shopper tastes: what the generator draws sessions from, and what a good recommender
 * should recover. Each shopper has
 * - a mixture over taste segments (categories of the store): one favourite (≈50–80% of taste mass), up to two secondary ones,
 *   and a little of everything else;
 * - three favourite brands, drawn from brands that specialise in their favourite categories;
 * - a preferred price band, from a latent budget;
 * - an activity level (log-normal), which decides how many sessions they have.
 */
import type { Rng } from '#shared/random';
import { PRICE_BANDS } from '#shared/schemas';
import type { StorefrontConfig } from './config.ts';
import { cumulative, sampleCdf } from './sampling.ts';

/** Favourite brands per shopper. */
export const FAVOURITE_BRANDS = 3;

export interface UserTastes {
  count: number;
  /** Row u: CDF over segments (users × segments). */
  categoryCdf: Float32Array;
  /** Category with the largest taste weight. */
  favouriteCategory: Uint16Array;
  /** Row u: favourite brand indices (users × FAVOURITE_BRANDS). */
  brands: Int32Array;
  /** Preferred index into PRICE_BANDS. */
  band: Int8Array;
  /** CDF of activity over users, for drawing whose session comes next. */
  activityCdf: Float64Array;
}

/**
 * Draws `config.users` shoppers' tastes.
 *
 * @example
 * const tastes = generateTastes(rng.fork('users'), config, shop.categoryCdf, shop.brandGivenCategory);
 */
export function generateTastes(
  rng: Rng,
  config: StorefrontConfig,
  categoryCdf: Float64Array,
  brandGivenCategory: Float64Array,
): UserTastes {
  const n = config.users;
  const nb = config.brands;
  const NC = categoryCdf.length;
  const cdf = new Float32Array(n * NC);
  const favourite = new Uint16Array(n);
  const brands = new Int32Array(n * FAVOURITE_BRANDS);
  const band = new Int8Array(n);
  const activity = new Float64Array(n);
  const w = new Float64Array(NC);
  for (let u = 0; u < n; u++) {
    w.fill(0.04);
    const f1 = sampleCdf(rng, categoryCdf);
    const f2 = sampleCdf(rng, categoryCdf);
    const f3 = sampleCdf(rng, categoryCdf);
    w[f1]! += 0.8 + 0.6 * rng.next();
    w[f2]! += 0.3 * rng.next();
    w[f3]! += 0.15 * rng.next();
    let best = 0;
    for (let c = 1; c < NC; c++) if (w[c]! > w[best]!) best = c;
    favourite[u] = best;
    cdf.set(cumulative(w), u * NC);
    const fav = [f1, f1, f2];
    for (let j = 0; j < FAVOURITE_BRANDS; j++) {
      brands[u * FAVOURITE_BRANDS + j] = sampleCdf(rng, brandGivenCategory, fav[j]! * nb, nb);
    }
    band[u] = Math.min(PRICE_BANDS.length - 1, Math.max(0, Math.round(1.8 + rng.normal())));
    activity[u] = Math.exp(rng.normal());
  }
  return {
    count: n,
    categoryCdf: cdf,
    favouriteCategory: favourite,
    brands,
    band,
    activityCdf: cumulative(activity),
  };
}
