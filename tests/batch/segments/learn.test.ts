/**
 * Segment vectors on known answers (mean of users' factors, support threshold, backoff order),
 * and the synthetic store's context: opt-in, deterministic, and with the planted effect.
 */
import { describe, expect, it } from 'vitest';
import { SEGMENT_LADDER, segmentKeys } from '#shared/schemas';
import { learnSegments, lookupSegment, type SegmentModel } from '../../../batch/src/segments/learn.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { plainFoldIn } from '../../support/fold-in.ts';

const model: SegmentModel = {
  dim: 2,
  userFactors: Float32Array.of(1, 0, 0, 1, 3, 3),
  itemFactors: Float32Array.of(1, 0, 0, 1),
  foldIn: plainFoldIn(2, Float64Array.of(1, 0, 0, 1), 2),
};
const session = (user: number, country: string, device?: 'mobile' | 'desktop') => ({
  user,
  context: { country, ...(device ? { device } : {}) },
  items: new Map([[user % 2, 1]]),
});

describe('segment vectors', () => {
  it('orders the backoff ladder from all four dimensions down to one, landing first', () => {
    expect(SEGMENT_LADDER).toHaveLength(15);
    expect(SEGMENT_LADDER[0]).toEqual(['landing', 'referrer', 'country', 'device']);
    expect(SEGMENT_LADDER.at(-1)).toEqual(['device']);
    expect(segmentKeys({ country: 'DE', device: 'mobile' })).toEqual([
      'country=DE|device=mobile',
      'country=DE',
      'device=mobile',
    ]);
  });

  it('averages the factors of the sessions of a segment and drops segments below the support', () => {
    const sessions = [
      session(0, 'DE', 'mobile'),
      session(1, 'DE', 'mobile'),
      session(1, 'DE'),
      session(2, 'FR'),
    ];
    const table = learnSegments(sessions, model, { method: 'mean_factor', minUsers: 2 });
    const byKey = new Map(table.segments.map((s) => [s.key, s]));
    // country=DE: sessions of users 0, 1, 1 → ((1,0) + (0,1) + (0,1)) / 3.
    expect(byKey.get('country=DE')?.vector).toEqual([Math.fround(1 / 3), Math.fround(2 / 3)]);
    expect(byKey.get('country=DE')?.users).toBe(2);
    expect(byKey.get('country=DE|device=mobile')?.vector).toEqual([0.5, 0.5]);
    expect(byKey.has('country=FR')).toBe(false); // one user
    expect(lookupSegment(table, { country: 'DE', device: 'mobile' })?.key).toBe('country=DE|device=mobile');
    expect(lookupSegment(table, { country: 'DE', device: 'desktop' })?.key).toBe('country=DE');
    expect(lookupSegment(table, { country: 'FR' })).toBeUndefined();
  });

  it('folds a segment in towards its most-touched items', () => {
    const sessions = [session(0, 'DE'), session(2, 'DE'), session(4 % 3, 'DE')];
    const [de] = learnSegments(sessions, model, { method: 'fold_in', minUsers: 1 }).segments.filter(
      (s) => s.key === 'country=DE',
    );
    // Item 0 was touched by two sessions, item 1 by one: the vector leans to item 0.
    expect(de?.vector[0]).toBeGreaterThan(de?.vector[1] as number);
    expect(de?.vector[1]).toBeGreaterThan(0);
  });
});

describe('synthetic request context', () => {
  it('is opt-in, leaves the events of a seed unchanged, and is the same for the same seed', async () => {
    const shape = { seed: 3, items: 200, users: 100, events: 3000, days: 2 };
    const plain = await generateStorefront(shape);
    const a = await generateStorefront({ ...shape, context: true });
    const b = await generateStorefront({ ...shape, context: true });
    expect(plain.contexts).toBeUndefined();
    expect(Array.from(a.interactions.items)).toEqual(Array.from(plain.interactions.items));
    expect(a.contexts?.sessions).toEqual(b.contexts?.sessions);
    expect(a.contexts?.rowSession).toHaveLength(a.interactions.length);
  });

  it('makes the landing category the first viewed item’s and ties country to taste', async () => {
    const shop = await generateStorefront({
      seed: 4,
      items: 300,
      users: 300,
      events: 8000,
      days: 2,
      context: true,
    });
    const { sessions, rowSession } = shop.contexts!;
    const first = new Map<number, number>();
    for (let r = rowSession.length - 1; r >= 0; r--) first.set(rowSession[r]!, shop.interactions.items[r]!);
    for (const [s, item] of first) {
      const c = shop.catalogue.category[item]!;
      expect(sessions[s]?.landingCategory).toBe(c >= 0 ? shop.catalogue.categories.ids[c] : undefined);
    }
    const countries = new Set(sessions.map((s) => s.country));
    expect(countries.size).toBeGreaterThan(1);
  });
});
