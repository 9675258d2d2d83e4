/**
 * Reason codes in workerd: the fold-in attribution on a known-answer fixture, then every route's
 * items against the published fixture store (session → `because_viewed` naming a session item,
 * similar → `similar_to`, trained user → `picked_for_you`, stranger → `popular_in_category` with
 * its rank in the published list).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { reasonText } from '#shared/reasons';
import { isWithinCategory, type Reason, RecommendationResponse } from '#shared/schemas';
import { type FoldInParams, foldIn, foldInExplained } from '../../edge/src/personalisation/index.ts';
import { becauseViewed } from '../../edge/src/recommend/reasons.ts';
import type { SearchHit } from '../../edge/src/scoring/index.ts';
import { type Answer, call, fixture, type Item, publishToBucket } from './support/fixture.ts';

beforeAll(publishToBucket);

interface ReasonedAnswer extends Omit<Answer, 'items'> {
  items: (Item & { reason?: Reason })[];
}

const post = (body: unknown) =>
  call<ReasonedAnswer>('/v1/recommendations', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A 2-d model: the Gramian of two orthogonal unit items, mild regularisation. */
const PARAMS: FoldInParams = {
  dim: 2,
  gramian: Float32Array.from([1, 0, 0, 1]),
  regularization: 0.1,
  regularizationExponent: 0,
  unobservedWeight: 0.1,
  alpha: 1,
  itemCount: 2,
  activityExponent: 0,
  activityScale: 1,
};
const hit = (v: number[]): SearchHit => ({
  itemId: 'c',
  score: 0,
  category: undefined,
  vector: Float32Array.from(v),
  addedAt: undefined,
});

describe('because_viewed attribution through the fold-in', () => {
  const items = [
    { vector: Float32Array.from([1, 0]), weight: 1 },
    { vector: Float32Array.from([0, 1]), weight: 3 },
  ];
  const explained = foldInExplained(items, PARAMS)!;

  it('returns the same user vector as the plain fold-in', () => {
    expect(Array.from(explained.vector)).toEqual(Array.from(foldIn(items, PARAMS)!));
  });

  it('splits the score exactly into per-item contributions', () => {
    const y = [0.3, -0.7];
    const score = explained.vector[0]! * y[0]! + explained.vector[1]! * y[1]!;
    const parts = explained.parts.map((p) => p[0]! * y[0]! + p[1]! * y[1]!);
    expect(parts[0]! + parts[1]!).toBeCloseTo(score, 6);
  });

  it('names the session item whose direction the candidate shares', () => {
    const reason = becauseViewed(['a', 'b'], explained);
    expect(reason(hit([0.9, 0.1]))).toMatchObject({ code: 'because_viewed', itemId: 'a' });
    expect(reason(hit([0.1, 0.9]))).toMatchObject({ code: 'because_viewed', itemId: 'b' });
  });

  it('weighs the fold-in confidence: a more-touched item wins an equal-angle candidate', () => {
    // Equal inner products with both items; b was touched 3 times, so its part is larger.
    expect(becauseViewed(['a', 'b'], explained)(hit([1, 1]))).toMatchObject({ itemId: 'b' });
  });
});

describe('reasons on every route', () => {
  it('names a session item on every session answer item, with its contribution', async () => {
    const { items } = fixture.session;
    const { status, body } = await post({ items, k: fixture.k });
    expect(status).toBe(200);
    expect(RecommendationResponse.safeParse(body).success).toBe(true);
    for (const item of body.items) {
      expect(item.reason?.code).toBe('because_viewed');
      expect(items).toContain((item.reason as { itemId: string }).itemId);
    }
  });

  it('attributes a one-item session wholly to that item (contribution = score)', async () => {
    const only = fixture.session.items[0]!;
    const { body } = await post({ items: [only], k: 5 });
    expect(body.items.length).toBe(5);
    for (const item of body.items) {
      expect(item.reason).toMatchObject({ code: 'because_viewed', itemId: only });
      const { contribution } = item.reason as { contribution: number };
      expect(Math.abs(contribution - item.score)).toBeLessThan(1e-4 * Math.max(1, Math.abs(item.score)));
    }
  });

  it('attributes items of a second taste to the session item of that taste', async () => {
    const planted = fixture.session.items[0]!;
    const top = (id: string) => (fixture.categories[id] as string).split('/')[0] as string;
    // The shop's most popular item of another department: a strong second taste.
    const other = fixture.fallbackGlobal.find((id) => top(id) !== top(planted))!;
    const { body } = await post({ items: [planted, other], k: 20, nprobe: fixture.lists });
    for (const taste of [planted, other]) {
      const ofTaste = body.items.filter((i) => isWithinCategory(fixture.categories[i.itemId]!, top(taste)));
      expect(ofTaste.length).toBeGreaterThan(2);
      const named = ofTaste.filter((i) => (i.reason as { itemId?: string }).itemId === taste).length;
      expect(named / ofTaste.length).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('says similar_to the query item on item-to-item answers', async () => {
    const { itemId } = fixture.similar[0]!;
    const { body } = await call<ReasonedAnswer>(`/v1/items/${itemId}/similar?k=${fixture.k}`);
    expect(body.items).toHaveLength(fixture.k);
    for (const item of body.items) expect(item.reason).toEqual({ code: 'similar_to', itemId });
  });

  it('says picked_for_you on a trained user vector (no history at the edge)', async () => {
    const { userId } = fixture.users[0]!;
    const { body } = await call<ReasonedAnswer>(`/v1/users/${userId}/recommendations?k=${fixture.k}`);
    expect(body.strategy).toBe('user_vector');
    for (const item of body.items) expect(item.reason).toEqual({ code: 'picked_for_you' });
  });

  it('gives a stranger popular_in_category with each item’s rank in the published list', async () => {
    const { body } = await call<ReasonedAnswer>(`/v1/users/stranger-1/recommendations?k=${fixture.k}`);
    expect(body.strategy).toBe('popular_fallback');
    body.items.forEach((item) => {
      expect(item.reason?.code).toBe('popular_in_category');
      const { rank, category } = item.reason as { rank: number; category?: string };
      expect(category).toBeUndefined(); // the whole shop's list
      expect(fixture.fallbackGlobal[rank - 1]).toBe(item.itemId);
    });
  });

  it('names the filtered category on a category popularity list', async () => {
    const category = fixture.categoryCase.category;
    const { body } = await call<ReasonedAnswer>(
      `/v1/users/stranger-2/recommendations?k=5&category=${category}`,
    );
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items)
      expect(item.reason).toMatchObject({ code: 'popular_in_category', category });
  });
});

describe('reasonText (the widget’s optional reason line)', () => {
  const titles = new Map([['i1', 'Linen shirt']]);
  const titleOf = (id: string) => titles.get(id);
  it.each<[Reason, string]>([
    [{ code: 'because_viewed', itemId: 'i1', contribution: 0.3 }, 'Because you viewed Linen shirt'],
    [{ code: 'because_viewed', itemId: 'i9', contribution: 0.3 }, 'Based on what you viewed'],
    [{ code: 'similar_to', itemId: 'i1' }, 'Similar to this item'],
    [{ code: 'popular_in_category', category: 'home/kitchen-knives', rank: 2 }, 'Popular in kitchen knives'],
    [{ code: 'popular_in_category', rank: 1 }, 'Popular right now'],
    [
      { code: 'new_in_category', category: 'women/dresses', addedAt: '2026-12-01T00:00:00Z' },
      'New in dresses',
    ],
    [{ code: 'picked_for_you' }, 'Picked for you'],
  ])('%j → %s', (reason, text) => expect(reasonText(reason, titleOf)).toBe(text));
});
