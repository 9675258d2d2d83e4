/**
 * POST /v1/recommendations: session fold-in against the batch reference fold-in computed in
 * Node (same Gramian blob, same constants), and the userId / fallback paths.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isWithinCategory } from '#shared/schemas';
import {
  type Answer,
  fixture,
  ids,
  postRecommendations,
  publishToBucket,
  recall,
} from './support/fixture.ts';

beforeAll(publishToBucket);

const post = (body: unknown) => postRecommendations<Answer>(body);

describe('POST /v1/recommendations', () => {
  it('folds the session into a vector that ranks the planted taste first', async () => {
    const { items, category, categoryShareBaseline } = fixture.session;
    const { status, body } = await post({ items, k: fixture.k });
    expect(status).toBe(200);
    expect(body.strategy).toBe('session_fold_in');
    const share =
      body.items.filter((i) => isWithinCategory(fixture.categories[i.itemId] as string, category)).length /
      body.items.length;
    expect(share).toBeGreaterThanOrEqual(0.8);
    expect(share).toBeGreaterThan(3 * categoryShareBaseline);
  });

  it('matches the batch reference fold-in exactly when every list is probed', async () => {
    const { items, exact } = fixture.session;
    const { body } = await post({ items, k: fixture.k, nprobe: fixture.lists });
    expect(ids(body)).toEqual(exact);
  });

  it('keeps recall of the reference fold-in at the default nprobe', async () => {
    const { items, exact } = fixture.session;
    const { body } = await post({ items, k: fixture.k });
    expect(recall(ids(body), exact)).toBeGreaterThanOrEqual(0.9);
  });

  it('excludes the session items by default and keeps them when excludeSeen is false', async () => {
    const { items } = fixture.session;
    const seen = await post({ items, k: 50, nprobe: fixture.lists });
    expect(ids(seen.body).filter((id) => items.includes(id))).toEqual([]);
    const kept = await post({ items, k: 50, nprobe: fixture.lists, excludeSeen: false });
    expect(ids(kept.body).filter((id) => items.includes(id)).length).toBeGreaterThan(0);
  });

  it('applies exclusions and the category filter to the folded-in answer', async () => {
    const { items } = fixture.session;
    const other = Object.values(fixture.categories).find(
      (c) => !isWithinCategory(c, fixture.session.category),
    ) as string;
    const first = await post({ items, k: 5 });
    const { body } = await post({ items, k: 5, category: other, exclude: ids(first.body) });
    expect(body.items).toHaveLength(5);
    expect(body.items.every((i) => i.category === other)).toBe(true);
    expect(ids(body).some((id) => ids(first.body).includes(id))).toBe(false);
  });

  it('uses a known userId when the session has no items', async () => {
    const user = fixture.users[0]!;
    const { body } = await post({ userId: user.userId, k: fixture.k, nprobe: fixture.lists });
    expect(body.strategy).toBe('user_vector');
    expect(ids(body)).toEqual(user.exact);
  });

  it('falls back to the popular list for an empty session or items the model does not know', async () => {
    for (const request of [{}, { items: ['not-an-item-1', 'not-an-item-2'] }, { userId: 'stranger' }]) {
      const { status, body } = await post(request);
      expect(status).toBe(200);
      expect(body.strategy).toBe('popular_fallback');
      expect(ids(body)).toEqual(fixture.fallbackGlobal);
    }
  });

  it('ignores unknown items mixed into a session', async () => {
    const { items, exact } = fixture.session;
    const { body } = await post({ items: [...items, 'not-an-item'], k: fixture.k, nprobe: fixture.lists });
    expect(body.strategy).toBe('session_fold_in');
    expect(ids(body)).toEqual(exact);
  });
});
