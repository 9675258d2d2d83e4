/**
 * `diversity` (MMR) and `maxPerCategory` in workerd: the shared reranker on known-answer pools
 * (a near-duplicate MMR must swap out; caps), then every route against the fixture store (caps
 * hold, `diversity=0` is the plain answer, more diversity lowers the list's mean pairwise cosine
 * measured from the published vectors) and 400s for bad values.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShard } from '#shared/codec';
import type { Manifest } from '#shared/schemas';
import { categorySimilarity, diversify } from '#shared/scoring';
import {
  type Answer,
  call,
  callWith,
  fixture,
  fixtureBytes,
  fixtureManifest,
  ids,
  postRecommendations,
  publishToBucket,
} from './support/fixture.ts';

const v = (...x: number[]) => Float32Array.from(x);

describe('diversify (shared reranker)', () => {
  // a and a2 are near-duplicates; b is orthogonal and less relevant.
  const pool = [
    { id: 'a', score: 1.0, vector: v(1, 0) },
    { id: 'a2', score: 0.99, vector: v(0.999, 0.04) },
    { id: 'b', score: 0.9, vector: v(0, 1) },
  ];
  const picked = (diversity: number) => diversify(pool, { k: 2, diversity }).map((c) => c.id);

  it('keeps relevance order at diversity 0', () => expect(picked(0)).toEqual(['a', 'a2']));
  it('keeps the near-duplicate while relevance dominates (0.25)', () =>
    expect(picked(0.25)).toEqual(['a', 'a2']));
  it('swaps the near-duplicate out for the orthogonal item at 0.5', () =>
    expect(picked(0.5)).toEqual(['a', 'b']));

  it('caps items per leaf category and leaves uncategorised items uncapped', () => {
    const cats = ['x', 'x', 'x', 'y', undefined, 'y', undefined, 'z'];
    const list = cats.map((category, i) => ({ id: `i${i}`, score: 10 - i, category }));
    const out = diversify(list, { k: 8, diversity: 0, maxPerCategory: 1 }).map((c) => c.id);
    expect(out).toEqual(['i0', 'i3', 'i4', 'i6', 'i7']);
  });

  it('answers fewer than k rather than break the cap', () => {
    const list = [1, 2, 3].map((s) => ({ score: s, category: 'x' }));
    expect(diversify(list, { k: 3, diversity: 0.5, maxPerCategory: 2 })).toHaveLength(2);
  });

  it('falls back to category-path similarity without vectors', () => {
    expect(categorySimilarity('a/b/c', 'a/b/d')).toBeCloseTo(2 / 3);
    const list = [
      { id: 'p', score: 3, category: 'a/b' },
      { id: 'q', score: 2.9, category: 'a/b' },
      { id: 'r', score: 2, category: 'c/d' },
    ];
    expect(diversify(list, { k: 2, diversity: 0.6 }).map((c) => c.id)).toEqual(['p', 'r']);
  });
});

interface CatAnswer extends Answer {
  items: { itemId: string; score: number; category?: string }[];
}

let vectors: Map<string, Float32Array>;
beforeAll(async () => {
  await publishToBucket();
  const manifest: Manifest = await fixtureManifest();
  vectors = new Map();
  for (const ref of manifest.items.byId.shards) {
    const decoded = decodeShard(await fixtureBytes(ref.key));
    if (!decoded.ok) throw new Error('by-id shard does not decode');
    const s = decoded.value;
    s.ids.forEach((id, r) => {
      vectors.set(id, (s.data as Float32Array).slice(r * s.dim, (r + 1) * s.dim));
    });
  }
});

/** Mean pairwise cosine of a list's item vectors (lower = more diverse). */
function meanCosine(list: readonly string[]): number {
  let sum = 0;
  let pairs = 0;
  const norm = (a: Float32Array) => Math.hypot(...a);
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = vectors.get(list[i]!)!;
      const b = vectors.get(list[j]!)!;
      sum += a.reduce((s, x, d) => s + x * b[d]!, 0) / (norm(a) * norm(b));
      pairs++;
    }
  }
  return sum / pairs;
}

const maxCount = (body: CatAnswer) => {
  const counts = new Map<string, number>();
  for (const i of body.items) counts.set(i.category!, (counts.get(i.category!) ?? 0) + 1);
  return Math.max(...counts.values());
};

const post = (body: unknown) => postRecommendations<CatAnswer>(body);

describe('diversity and maxPerCategory on every route', () => {
  const user = () => fixture.users[0]!.userId;
  const similarItem = () => fixture.similar[0]!.itemId;
  const department = () => `&category=${fixture.categoryCase.category}`;
  const routes: [string, (q: string, body?: Record<string, unknown>) => Promise<{ body: CatAnswer }>][] = [
    ['user', (q) => call<CatAnswer>(`/v1/users/${user()}/recommendations?k=10${q}`)],
    ['similar', (q) => call<CatAnswer>(`/v1/items/${similarItem()}/similar?k=10${q}`)],
    // The global list is already one per category: ask for one department's list.
    ['fallback', (q) => call<CatAnswer>(`/v1/users/stranger-9/recommendations?k=10${department()}${q}`)],
    ['session', (_q, extra) => post({ items: fixture.session.items, k: 10, ...extra })],
  ];

  it.each(routes)('%s: maxPerCategory caps every leaf category', async (_name, get) => {
    const plain = await get('', {});
    const capped = await get('&maxPerCategory=2', { maxPerCategory: 2 });
    expect(maxCount(plain.body)).toBeGreaterThan(2); // the cap has work to do
    expect(maxCount(capped.body)).toBeLessThanOrEqual(2);
    // Shorter than k only when the pool (same lists, 4k candidates) runs out of leaves.
    expect(capped.body.items.length).toBeGreaterThanOrEqual(6);
    const plainIds = ids(plain.body);
    const kept = ids(capped.body).filter((id) => plainIds.includes(id));
    expect(kept).toEqual(plainIds.filter((id) => kept.includes(id))); // relevance order kept
  });

  it.each(routes)('%s: diversity=0 is the plain answer', async (_name, get) => {
    const plain = await get('', {});
    const zero = await get('&diversity=0', { diversity: 0 });
    expect(ids(zero.body)).toEqual(ids(plain.body));
  });

  it.each(routes.filter(([n]) => n !== 'fallback'))(
    '%s: more diversity lowers the mean pairwise cosine, keeping the top item',
    async (_name, get) => {
      const cosine = async (d: number) =>
        meanCosine(ids((await get(`&diversity=${d}`, { diversity: d })).body));
      const plain = await get('', {});
      const diverse = await get('&diversity=0.75', { diversity: 0.75 });
      expect(ids(diverse.body)[0]).toBe(ids(plain.body)[0]);
      const base = meanCosine(ids(plain.body));
      expect(await cosine(0.75)).toBeLessThan(base);
      expect(await cosine(1)).toBeLessThan(base - 0.05);
    },
  );

  it('fallback: diversity puts a department’s different leaves first (category-path similarity)', async () => {
    const path = `/v1/users/stranger-9/recommendations?k=10${department()}`;
    const plain = await call<CatAnswer>(path);
    const diverse = await call<CatAnswer>(`${path}&diversity=0.75`);
    const leaves = new Set(plain.body.items.map((i) => i.category)).size;
    const headLeaves = (b: CatAnswer) => new Set(b.items.slice(0, leaves).map((i) => i.category)).size;
    expect(leaves).toBeGreaterThan(1);
    expect(headLeaves(plain.body)).toBeLessThan(leaves); // popularity alone repeats a leaf early
    expect(headLeaves(diverse.body)).toBe(leaves); // MMR shows every leaf before repeating one
    expect(diverse.body.items).toHaveLength(10);
  });

  it('the holdout arm (popularity) honours maxPerCategory too', async () => {
    let held = 0;
    for (let i = 0; i < 12; i++) {
      const path = `/v1/users/${user()}/recommendations?k=10${department()}&maxPerCategory=2&sessionId=s-div-${i}`;
      const { body } = await callWith<CatAnswer & { arm?: string }>({ HOLDOUT_SHARE: '0.5' }, path);
      if (body.arm !== 'holdout') continue;
      held++;
      expect(body.strategy).toBe('popular_fallback');
      expect(body.items.length).toBeGreaterThan(0);
      expect(maxCount(body)).toBeLessThanOrEqual(2);
    }
    expect(held).toBeGreaterThan(0);
  });

  it.each([
    ['diversity=2', 'diversity'],
    ['diversity=-0.1', 'diversity'],
    ['diversity=much', 'diversity'],
    ['maxPerCategory=0', 'maxPerCategory'],
    ['maxPerCategory=1.5', 'maxPerCategory'],
  ])('GET ?%s → 400 naming %s', async (q, field) => {
    for (const path of [
      `/v1/users/${user()}/recommendations?${q}`,
      `/v1/items/${similarItem()}/similar?${q}`,
    ]) {
      const { status, body } = await call<{ error: { kind: string; field?: string } }>(path);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ kind: 'invalid_argument', field });
    }
  });

  it('POST with a bad diversity or maxPerCategory → 400 naming it', async () => {
    for (const [extra, field] of [
      [{ diversity: 1.5 }, 'diversity'],
      [{ maxPerCategory: -1 }, 'maxPerCategory'],
    ] as const) {
      const { status, body } = await post({ items: [], ...extra });
      expect(status).toBe(400);
      expect((body as unknown as { error: { field: string } }).error.field).toBe(field);
    }
  });
});

describe('/openapi.json', () => {
  it('documents diversity and maxPerCategory on every recommendation route, and the reason codes', async () => {
    const { body } = await call<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      '/openapi.json',
    );
    const names = (op: Record<string, unknown>) =>
      ((op.parameters ?? []) as { name: string }[]).map((p) => p.name);
    expect(names(body.paths['/v1/users/{userId}/recommendations']!.get!)).toEqual(
      expect.arrayContaining(['diversity', 'maxPerCategory']),
    );
    expect(names(body.paths['/v1/items/{itemId}/similar']!.get!)).toEqual(
      expect.arrayContaining(['diversity', 'maxPerCategory']),
    );
    const text = JSON.stringify(body);
    for (const code of [
      'because_viewed',
      'similar_to',
      'popular_in_category',
      'new_in_category',
      'picked_for_you',
    ]) {
      expect(text).toContain(code);
    }
    const session = JSON.stringify(
      (body as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas
        .SessionRecommendationRequest,
    );
    expect(session).toContain('maxPerCategory');
  });
});
