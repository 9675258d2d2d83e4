/**
 * User groups ("segments") for the cold start of a visitor with no history and no session items:
 * the request context the edge knows (country, device class, referrer domain, landing category),
 * stamped on stored events so batch can learn one taste vector per group, and published as an
 * optional manifest section the edge reads for a stranger. Context is kept coarse on purpose: a
 * country code, one of four device classes, a host name without path or query — never the full
 * User-Agent or referrer URL.
 */
import * as z from 'zod';
import { CategoryId } from './category.ts';

/** Device class derived from the User-Agent at the edge (the UA itself is never stored). */
export const DeviceClass = z.enum(['mobile', 'tablet', 'desktop', 'bot']);
export type DeviceClass = z.infer<typeof DeviceClass>;

/** ISO 3166-1 alpha-2 country as Cloudflare reports it (`request.cf.country`). */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');

/** A referrer's host, lower case, without `www.` (`news.example.org`), or `direct`. */
export const ReferrerDomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9.-]+$/, 'must be a lower-case host name');

/** The segment dimensions, most telling first: the order the edge backs off in. */
export const SEGMENT_DIMENSIONS = ['landing', 'referrer', 'country', 'device'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/** One visitor's context: what is known of it (every dimension may be missing). */
export const SegmentContext = z.object({
  landing: CategoryId.optional(),
  referrer: ReferrerDomain.optional(),
  country: CountryCode.optional(),
  device: DeviceClass.optional(),
});
export type SegmentContext = z.infer<typeof SegmentContext>;

/** A learned segment: its key (`segmentKey`), support and taste vector. */
export const SegmentEntry = z.object({
  key: z.string().max(512),
  /** Training users (sessions or shoppers) the vector was learned from. */
  users: z.number().int().positive(),
  vector: z.array(z.number()),
});
export type SegmentEntry = z.infer<typeof SegmentEntry>;

/** The JSON blob the manifest's `segments` section names. */
export const SegmentTable = z.object({
  format: z.literal('vitrine-segments'),
  version: z.literal(1),
  dim: z.number().int().positive(),
  /**
   * How the vectors were built: the fold-in of the group's interactions, its users' mean factor,
   * or the user tower applied to the group's context features (batch/src/segments/tower.ts).
   */
  method: z.enum(['fold_in', 'mean_factor', 'user_tower']),
  segments: z.array(SegmentEntry),
});
export type SegmentTable = z.infer<typeof SegmentTable>;

/**
 * The canonical key of the segment `context` restricted to `dims` (in `SEGMENT_DIMENSIONS`
 * order), or undefined when one of them is unknown.
 *
 * @example
 * segmentKey({ country: 'DE', device: 'mobile' }, ['country', 'device']); // 'country=DE|device=mobile'
 */
export function segmentKey(context: SegmentContext, dims: readonly SegmentDimension[]): string | undefined {
  const parts: string[] = [];
  for (const dim of SEGMENT_DIMENSIONS) {
    if (!dims.includes(dim)) continue;
    const value = context[dim];
    if (value === undefined) return undefined;
    parts.push(`${dim}=${value}`);
  }
  return parts.length === 0 ? undefined : parts.join('|');
}

/**
 * Every non-empty subset of the dimensions, most specific first (more dimensions first; among
 * equals, the ones holding the more telling dimensions first): the edge's backoff ladder.
 */
export const SEGMENT_LADDER: readonly (readonly SegmentDimension[])[] = (() => {
  const n = SEGMENT_DIMENSIONS.length;
  const subsets: SegmentDimension[][] = [];
  for (let mask = 1; mask < 1 << n; mask++)
    subsets.push(SEGMENT_DIMENSIONS.filter((_, i) => (mask & (1 << i)) !== 0));
  const rank = (s: SegmentDimension[]) => s.map((d) => 1 << (n - 1 - SEGMENT_DIMENSIONS.indexOf(d)));
  const weight = (s: SegmentDimension[]) => rank(s).reduce((a, b) => a + b, 0);
  return subsets.sort((a, b) => b.length - a.length || weight(b) - weight(a));
})();

/**
 * The keys of `context`'s segments, most specific first (the ones it has every dimension of).
 *
 * @example
 * segmentKeys({ country: 'DE' }); // ['country=DE']
 */
export function segmentKeys(context: SegmentContext): string[] {
  const keys: string[] = [];
  for (const dims of SEGMENT_LADDER) {
    const key = segmentKey(context, dims);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}
