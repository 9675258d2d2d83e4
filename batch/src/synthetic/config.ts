/**
 * Configuration of the synthetic storefront, with defaults that give a plausible small shop.
 *
 * The knobs that shape what a recommender can learn:
 * - `zipf`: exponent of the power law over item popularity within each sampling bucket
 *   (1.0 ≈ classic long tail: a few items take most views);
 * - `tasteFollow`: how often a view follows the shopper's planted tastes (favourite categories,
 *   brands, price band) rather than browsing the whole shop by popularity;
 * - `funnel`: conditional probabilities view → click → add_to_cart → purchase.
 */
import { STORE_NAMES, type StoreName } from './profiles.ts';

export interface FunnelRates {
  /** P(click | view). */
  click: number;
  /** P(add_to_cart | click). */
  cart: number;
  /** P(purchase | add_to_cart). */
  purchase: number;
}

export interface StorefrontConfig {
  seed: number;
  /** Which kind of shop (profiles.ts): `fashion` (EUR, Fashion-MNIST pictures) or `home` (USD). */
  store: StoreName;
  /** Catalogue size. */
  items: number;
  /** Registered shoppers. */
  users: number;
  /** Approximate number of events to generate (sessions are allocated to hit it on average). */
  events: number;
  /** Days of history. */
  days: number;
  /** Epoch ms of the first day (midnight UTC). */
  start: number;
  /** Number of brands. */
  brands: number;
  zipf: number;
  /** Share of sessions by logged-out visitors (keyed `session:<id>`). */
  anonymousShare: number;
  /** Probability that a view is drawn from the shopper's tastes rather than shop-wide popularity. */
  tasteFollow: number;
  /** Mean views per session. */
  viewsPerSession: number;
  funnel: FunnelRates;
  /** Stamp a request context with a real effect on each session's events (context.ts). */
  context: boolean;
}

export const DEFAULT_STOREFRONT: StorefrontConfig = {
  seed: 1,
  store: 'fashion',
  items: 1000,
  users: 500,
  events: 50_000,
  days: 30,
  start: Date.UTC(2026, 0, 1),
  brands: 50,
  zipf: 1.0,
  anonymousShare: 0.1,
  tasteFollow: 0.85,
  viewsPerSession: 5,
  funnel: { click: 0.3, cart: 0.25, purchase: 0.4 },
  context: false,
};

/**
 * Fills defaults and checks ranges (a programmer error throws RangeError).
 *
 * @example
 * const cfg = resolveConfig({ items: 1_000_000, events: 10_000_000, users: 200_000 });
 */
export function resolveConfig(partial: Partial<StorefrontConfig> = {}): StorefrontConfig {
  const c: StorefrontConfig = {
    ...DEFAULT_STOREFRONT,
    ...partial,
    funnel: { ...DEFAULT_STOREFRONT.funnel, ...partial.funnel },
  };
  const positiveInt = ['items', 'users', 'days', 'brands'] as const;
  for (const key of positiveInt) {
    if (!Number.isInteger(c[key]) || c[key] <= 0) throw new RangeError(`${key} must be a positive integer`);
  }
  if (!Number.isInteger(c.events) || c.events < 0)
    throw new RangeError('events must be a non-negative integer');
  if (c.items > 99_999_999 || c.users > 99_999_999) throw new RangeError('at most 99,999,999 items/users');
  if (c.brands > 1000) throw new RangeError('at most 1000 brands');
  const unit = ['anonymousShare', 'tasteFollow'] as const;
  for (const key of unit) if (!(c[key] >= 0 && c[key] <= 1)) throw new RangeError(`${key} must be in [0, 1]`);
  for (const [k, v] of Object.entries(c.funnel))
    if (!(v >= 0 && v <= 1)) throw new RangeError(`funnel.${k} in [0, 1]`);
  if (!STORE_NAMES.includes(c.store)) throw new RangeError(`store must be one of ${STORE_NAMES.join(', ')}`);
  if (!(c.zipf > 0)) throw new RangeError('zipf must be > 0');
  if (!(c.viewsPerSession >= 1)) throw new RangeError('viewsPerSession must be ≥ 1');
  return c;
}

/** Expected events per session: views, plus the funnel events they lead to. */
export function eventsPerSession(c: StorefrontConfig): number {
  const f = c.funnel;
  return c.viewsPerSession * (1 + f.click * (1 + f.cart * (1 + f.purchase)));
}
