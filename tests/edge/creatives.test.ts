/**
 * The opt-in `creativeUrl` per item of the recommend Worker's answers, for a model without item
 * cards (links to item banners: creative-item-links.test.ts). Without a library every item with a
 * category links the on-demand banner seeded by its id, in the slot the request names; bad values
 * are 400s naming the field. With a prebuilt library, items of a category it covers link an
 * immutable library banner of the slot asked for (chosen by the item id, not by listing order).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CreativeQuery, type ErrorBody, Manifest, RecommendationResponse } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';
import { type Linked, ORIGIN, userUrl, withoutBinding } from './support/creative-links.ts';
import {
  call,
  fixture,
  fixtureManifest,
  jsonPost,
  postRecommendations,
  publishAndRefresh,
  publishToBucket,
} from './support/fixture.ts';

// The fixture's model, minus its item cards, is the live one.
beforeAll(async () => {
  await publishToBucket();
  await publishAndRefresh({
    ...(await fixtureManifest()),
    version: 'fixture-no-cards',
    itemCards: undefined,
  });
});

/**
 * The on-demand URL the item must get: its category's banner (or, when the manifest has a
 * generator, its nearest class's), seeded by fnv1a32(itemId).
 */
function expectOnDemand(
  item: Linked['items'][number],
  size = 'medium-rectangle',
  template = 'classic',
  category = item.category ?? '',
): void {
  const url = new URL(item.creativeUrl ?? '');
  expect(url.origin + url.pathname).toBe(`${ORIGIN}/v1/creatives/${encodeURIComponent(category)}`);
  expect(CreativeQuery.parse(Object.fromEntries(url.searchParams))).toEqual({
    seed: fnv1a32(item.itemId),
    size,
    template,
    format: 'png', // not in the URL: the query's default
  });
}

describe('creativeUrl in recommendation answers', () => {
  it('leaves the field out unless the request opts in', async () => {
    for (const query of ['', 'creatives=0', 'creatives=false']) {
      const { status, body } = await call<Linked>(userUrl(query));
      expect(status).toBe(200);
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.some((i) => 'creativeUrl' in i)).toBe(false);
    }
  });

  it('links every item with a category to its on-demand creative, valid per the schema', async () => {
    for (const flag of ['1', 'true']) {
      const { status, body } = await call<Linked>(userUrl(`creatives=${flag}`));
      expect(status).toBe(200);
      expect(RecommendationResponse.safeParse(body).success).toBe(true);
      expect(body.items).toHaveLength(30);
      for (const item of body.items) {
        expect(item.category).toBe(fixture.categories[item.itemId]);
        expectOnDemand(item);
      }
    }
  });

  it('links session, similar-item and popular-fallback answers too', async () => {
    const session = await postRecommendations<Linked>({ items: fixture.session.items, creatives: true });
    const similar = await call<Linked>(`/v1/items/${fixture.similar[0]!.itemId}/similar?creatives=1`);
    // A stranger gets the global popularity list, whose items carry their category as well.
    const stranger = await call<Linked>('/v1/users/nobody-like-this/recommendations?creatives=1');
    expect(stranger.body.strategy).toBe('popular_fallback');
    for (const { status, body } of [session, similar, stranger]) {
      expect(status).toBe(200);
      expect(RecommendationResponse.safeParse(body).success).toBe(true);
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) {
        expect(item.category).toBe(fixture.categories[item.itemId]);
        expectOnDemand(item);
      }
    }
  });

  it('links banners for the slot the request names (creativeSize, creativeTemplate)', async () => {
    const user = await call<Linked>(userUrl('creatives=1&creativeSize=leaderboard&creativeTemplate=bold'));
    const session = await postRecommendations<Linked>({
      items: fixture.session.items,
      creatives: true,
      creativeSize: 'mobile-banner',
    });
    expect([user.status, session.status]).toEqual([200, 200]);
    expect(user.body.items.length).toBeGreaterThan(0);
    expect(session.body.items.length).toBeGreaterThan(0);
    for (const item of user.body.items) expectOnDemand(item, 'leaderboard', 'bold');
    for (const item of session.body.items) expectOnDemand(item, 'mobile-banner', 'classic');
  });

  it('rejects an unknown creative slot with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['creatives=1&creativeSize=billboard', 'creativeSize'],
      ['creatives=1&creativeTemplate=fancy', 'creativeTemplate'],
    ]) {
      const { status, body } = await call<ErrorBody>(userUrl(query as string));
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ kind: 'invalid_argument', field });
    }
  });

  it('rejects a bad creatives value with a 400 naming the field', async () => {
    const cases: [string, RequestInit | undefined][] = [
      [userUrl('creatives=yes'), undefined],
      [userUrl('creatives='), undefined],
      [`/v1/items/${fixture.similar[0]!.itemId}/similar?creatives=2`, undefined],
      ['/v1/recommendations', jsonPost({ items: fixture.session.items, creatives: 'yes' })],
    ];
    for (const [path, init] of cases) {
      const { status, body } = await call<ErrorBody>(path, init);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ kind: 'invalid_argument', field: 'creatives' });
    }
  });

  it('adds no link when the deployment has no CREATIVES binding', async () => {
    const res = await withoutBinding(userUrl('creatives=1'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Linked;
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.some((i) => 'creativeUrl' in i)).toBe(false);
  });
});

describe('creativeUrl with a prebuilt library', () => {
  it('links library banners (immutable blob URLs) for categories the library covers', async () => {
    const before = await call<Linked>(userUrl('creatives=1'));
    // Items sit in leaves (`coat/parkas`); the generator's classes are the top level (`coat`).
    const classOf = (category: string | undefined) => category?.split('/')[0] ?? '';
    const covered = classOf(before.body.items[0]!.category);
    expect(before.body.items.some((i) => classOf(i.category) !== covered)).toBe(true);

    // A new version whose library has three medium-rectangle/classic banners of `covered`
    // (and one of another size, which must never be picked for the default slot).
    const base = await fixtureManifest();
    const entry = (seed: number, size: string, digit: string) => ({
      category: covered,
      seed,
      size,
      template: 'classic',
      width: size === 'leaderboard' ? 728 : 300,
      height: size === 'leaderboard' ? 90 : 250,
      blob: { key: `blobs/${digit.repeat(64)}`, sha256: digit.repeat(64), size: 100 },
    });
    // Listed out of seed order on purpose: the choice must not depend on the listing order.
    const creatives = [entry(2, 'medium-rectangle', 'c'), entry(0, 'medium-rectangle', 'a')];
    creatives.push(entry(1, 'medium-rectangle', 'b'), entry(0, 'leaderboard', 'f'));
    const generator = {
      onnx: { key: `blobs/${'e'.repeat(64)}`, sha256: 'e'.repeat(64), size: 100 },
      noiseDim: 8,
      // The fixture shop's top-level categories (its generator classes).
      categories: [...new Set(Object.values(fixture.categories).map(classOf))],
      imageSize: 28,
    };
    const manifest = Manifest.parse({
      ...base,
      version: 'fixture-library-2',
      itemCards: undefined,
      creatives,
      generator,
    });
    await publishAndRefresh(manifest);

    const { body } = await call<Linked>(userUrl('creatives=1'));
    expect(body.modelVersion).toBe('fixture-library-2');
    expect(RecommendationResponse.safeParse(body).success).toBe(true);
    const bySeed = ['a', 'b', 'c'];
    // Both branches below are exercised: items of the covered class and of others.
    expect(body.items.some((i) => classOf(i.category) === covered)).toBe(true);
    expect(body.items.some((i) => classOf(i.category) !== covered)).toBe(true);
    for (const item of body.items) {
      if (classOf(item.category) !== covered) {
        expectOnDemand(item, 'medium-rectangle', 'classic', classOf(item.category));
        continue;
      }
      const digit = bySeed[fnv1a32(item.itemId) % 3]!;
      expect(item.creativeUrl).toBe(`${ORIGIN}/v1/blobs/${digit.repeat(64)}`);
    }
  });
});
