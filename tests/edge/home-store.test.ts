/**
 * The home & electronics store end to end (#12.5): published by the real pipeline in the global
 * setup (tests/fixtures/home-store), served from the R2 binding in workerd. A category filter at
 * every level of its 3-level tree answers items of that category or its descendants — from the
 * trained user vectors, the session fold-in, item similarity and the popular fallback — with item
 * cards in USD; a well-formed unknown category is an empty 200 with a notice, a malformed one a 400.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type ItemDetails, isWithinCategory } from '#shared/schemas';
import '../fixtures/home-store/types.ts';
import { type Answer, call } from './support/fixture.ts';
import { copyHomeStore } from './support/home-store.ts';

const home = inject('homeFixture');
type Detailed = Answer & { notice?: { reason: string }; items: { details?: ItemDetails }[] };

beforeAll(copyHomeStore);

/** Every item of `body` lies in `category` (itself or a descendant) by the catalogue's word. */
function expectWithin(body: Detailed, category: string): void {
  for (const item of body.items) {
    expect(item.category, `${item.itemId} under ${category}`).toBe(home.categoryOf[item.itemId]);
    expect(isWithinCategory(item.category!, category), `${item.itemId} under ${category}`).toBe(true);
  }
}

const K = 8;
const filled = (category: string) => Math.min(K, home.available[category] ?? 0);

describe('home store: the category tree', () => {
  it('has 3 levels and at least 200 categories', () => {
    expect(home.levels).toHaveLength(3);
    expect(home.levels.flat().length).toBeGreaterThanOrEqual(200);
    expect(home.levels[2]!.every((leaf) => leaf.split('/').length === 3)).toBe(true);
  });
});

describe('home store: category filters at every level in workerd', () => {
  it('answers only the category or its descendants on the popular fallback, for every category', async () => {
    for (const category of home.levels.flat()) {
      const q = `k=${K}&category=${encodeURIComponent(category)}`;
      const { status, body } = await call<Detailed>(`/v1/users/stranger/recommendations?${q}`);
      expect(status, category).toBe(200);
      expect(body.strategy).toBe('popular_fallback');
      expect(body.notice, category).toBeUndefined();
      expectWithin(body, category);
      // The fallback lists items shoppers touched: a leaf may have fewer of those than k.
      expect(body.items.length, category).toBeGreaterThan(0);
      expect(body.items.length, category).toBeLessThanOrEqual(filled(category));
      if (category.split('/').length < 3) expect(body.items.length, category).toBe(K);
    }
  });

  it('includes descendants: a department answers from several of its leaves', async () => {
    for (const department of home.levels[0]!) {
      const { body } = await call<Detailed>(
        `/v1/users/stranger/recommendations?k=40&category=${encodeURIComponent(department)}`,
      );
      expectWithin(body, department);
      expect(new Set(body.items.map((i) => i.category)).size, department).toBeGreaterThan(1);
      expect(body.items.every((i) => i.category !== department)).toBe(true); // items sit in leaves
    }
  });

  it('filters the user vector, session fold-in and similar items at each level, with USD cards', async () => {
    const user = home.users[0]!;
    const seed = Object.keys(home.categoryOf)[0]!;
    for (const level of home.levels) {
      for (const category of level.slice(0, 4)) {
        const q = `k=${K}&nprobe=${home.lists}&details=1&category=${encodeURIComponent(category)}`;
        const answers = [
          await call<Detailed>(`/v1/users/${user}/recommendations?${q}`),
          await call<Detailed>(`/v1/items/${seed}/similar?${q}`),
          await call<Detailed>('/v1/recommendations', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ items: [seed], k: K, nprobe: home.lists, category, details: true }),
          }),
        ];
        expect(answers.map((a) => a.body.strategy)).toEqual([
          'user_vector',
          'item_similarity',
          'session_fold_in',
        ]);
        for (const { status, body } of answers) {
          expect(status).toBe(200);
          expectWithin(body, category);
          expect(body.items.length, category).toBeGreaterThan(0);
          for (const item of body.items) expect(item.details).toMatchObject({ currency: 'USD' });
        }
      }
    }
  });

  it('answers a well-formed unknown category at any depth with 200, no items and a notice', async () => {
    const leaf = home.levels[2]![0]!;
    for (const unknown of ['no-such-department', `${leaf.split('/')[0]}/no-such-aisle`, `${leaf}/deeper`]) {
      const { status, body } = await call<Detailed>(
        `/v1/users/${home.users[0]}/recommendations?k=${K}&category=${encodeURIComponent(unknown)}`,
      );
      expect(status, unknown).toBe(200);
      expect(body.items).toEqual([]);
      expect(body.notice).toEqual({ reason: 'unknown_category' });
    }
  });

  it('refuses a malformed category with a 400 naming the field', async () => {
    for (const bad of ['Kitchen > Knives', 'kitchen//knives', '/kitchen']) {
      const { status, body } = await call<{ error: { field?: string } }>(
        `/v1/users/stranger/recommendations?category=${encodeURIComponent(bad)}`,
      );
      expect(status, bad).toBe(400);
      expect(body.error.field).toMatch(/category/);
    }
  });
});
