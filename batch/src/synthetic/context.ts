/**
 * Request context of synthetic sessions (opt-in: `StorefrontConfig.context`), with a real effect
 * on what the session does, so segment cold start (batch/src/segments) has something to learn:
 * - country: per shopper, 70 % the country "of" their favourite taste segment, else any;
 * - device: per shopper, independent of taste (mobile 55 %, desktop 35 %, tablet 10 %);
 * - referrer domain: per session, `direct` 45 %, a search engine 25 %, else the blog of the
 *   landing item's taste segment;
 * - landing category: the category of the session's first viewed item.
 * Every value is a hash of (seed, shopper or session): no draw from the generator's random
 * streams, so a store generated without context is byte-identical to one generated before this
 * existed, and the same seed gives the same contexts.
 */
import { fnv1a32 } from '#shared/sharding';
import type { SyntheticCatalogue } from './catalogue.ts';
import type { UserTastes } from './users.ts';

export const SYNTHETIC_COUNTRIES = ['DE', 'FR', 'GB', 'US', 'IT', 'ES', 'NL', 'PL'] as const;

/** What the edge would have stamped on the session's events. */
export interface SyntheticSessionContext {
  country: string;
  device: 'mobile' | 'desktop' | 'tablet';
  referrerDomain: string;
  landingCategory: string | undefined;
}

/** A uniform number in [0, 1) from a key (FNV-1a, then murmur3's finaliser). */
function unit(key: string): number {
  let h = fnv1a32(key);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x1_0000_0000;
}

/** Contexts of one generated store. */
export class ContextModel {
  constructor(
    private readonly seed: number,
    private readonly shop: SyntheticCatalogue,
    private readonly tastes: UserTastes,
  ) {}

  /** Context of session `sessionNo` of taste row `user` whose first view was item row `firstItem`. */
  session(user: number, sessionNo: number, firstItem: number): SyntheticSessionContext {
    const { seed, shop } = this;
    const nc = SYNTHETIC_COUNTRIES.length;
    const favourite = this.tastes.favouriteCategory[user] ?? 0;
    const country =
      unit(`${seed}:country:${user}`) < 0.7
        ? SYNTHETIC_COUNTRIES[favourite % nc]
        : SYNTHETIC_COUNTRIES[Math.floor(unit(`${seed}:country-any:${user}`) * nc)];
    const d = unit(`${seed}:device:${user}`);
    const r = unit(`${seed}:referrer:${sessionNo}`);
    const referrerDomain =
      r < 0.45 ? 'direct' : r < 0.7 ? 'search.example' : `blog-${shop.segment[firstItem] ?? 0}.example`;
    const row = shop.catalogue.category[firstItem] ?? -1;
    return {
      country: country ?? 'DE',
      device: d < 0.55 ? 'mobile' : d < 0.9 ? 'desktop' : 'tablet',
      referrerDomain,
      landingCategory: row >= 0 ? shop.catalogue.categories.ids[row] : undefined,
    };
  }
}
