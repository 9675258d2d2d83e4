/**
 * User recommendations served from the R2 binding, checked against exact brute force computed
 * in Node on the same trained vectors (tests/fixtures/edge-store).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { servicesFor } from '../../edge/src/context/index.ts';
import {
  type Answer,
  call,
  callIn,
  fixture,
  ids,
  publishToBucket,
  recall,
  testEnv,
} from './support/fixture.ts';

beforeAll(publishToBucket);

const userUrl = (userId: string, query = '') => `/v1/users/${userId}/recommendations?k=${fixture.k}${query}`;

/** Mean recall@k against the exact lists over every fixture user (asserted non-empty). */
async function meanRecall(answer: (userId: string) => Promise<Answer>): Promise<number> {
  expect(fixture.users.length).toBeGreaterThan(0);
  let sum = 0;
  for (const user of fixture.users) sum += recall(ids(await answer(user.userId)), user.exact);
  return sum / fixture.users.length;
}

describe('GET /v1/users/:userId/recommendations', () => {
  it('equals the exact top-k when every IVF list is probed', async () => {
    expect(fixture.users.length).toBeGreaterThan(0);
    for (const user of fixture.users) {
      const { status, body } = await call<Answer>(userUrl(user.userId, `&nprobe=${fixture.lists}`));
      expect(status).toBe(200);
      expect(body.strategy).toBe('user_vector');
      expect(body.degraded).toBeUndefined();
      expect(ids(body)).toEqual(user.exact);
    }
  });

  it('keeps recall@10 at or above 0.9 with the default nprobe', async () => {
    const recallAt = await meanRecall(async (userId) => {
      const { body } = await call<Answer>(userUrl(userId));
      expect(body.items).toHaveLength(fixture.k);
      return body;
    });
    expect(recallAt).toBeGreaterThanOrEqual(0.9);
  });

  it('answers with the model version, scores best first and a Server-Timing header', async () => {
    const user = fixture.users[1] ?? fixture.users[0]!;
    const { headers, body } = await call<Answer>(userUrl(user.userId));
    expect(body.modelVersion).toBe(fixture.version);
    const scores = body.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const timing = headers.get('server-timing') ?? '';
    for (const phase of ['manifest', 'user', 'route', 'fetch', 'scan', 'filter']) {
      expect(timing).toMatch(new RegExp(`\\b${phase};dur=\\d`));
    }
  });

  it('restricts the answer to a category and still fills k', async () => {
    const { userId, category, exact } = fixture.categoryCase;
    const { body } = await call<Answer>(userUrl(userId, `&category=${category}&nprobe=${fixture.lists}`));
    // A filter on a parent category keeps the items of its leaves.
    expect(body.items.every((i) => i.category?.startsWith(`${category}/`))).toBe(true);
    expect(ids(body)).toEqual(exact);
  });

  it('drops excluded ids and keeps the rest of the exact order', async () => {
    const user = fixture.users[2] ?? fixture.users[0]!;
    const excluded = user.exact.slice(0, 3);
    const { body } = await call<Answer>(
      userUrl(user.userId, `&nprobe=${fixture.lists}&exclude=${excluded.join(',')}`),
    );
    expect(ids(body).some((id) => excluded.includes(id))).toBe(false);
    expect(ids(body).slice(0, fixture.k - 3)).toEqual(user.exact.slice(3));
    expect(body.items).toHaveLength(fixture.k);
  });

  it('never returns unavailable items or the same item twice', async () => {
    const unavailable = new Set(fixture.unavailable);
    expect(fixture.users.length).toBeGreaterThan(0);
    for (const user of fixture.users) {
      const { body } = await call<Answer>(
        `/v1/users/${user.userId}/recommendations?k=100&nprobe=${fixture.lists}`,
      );
      expect(body.items).toHaveLength(100);
      expect(ids(body).filter((id) => unavailable.has(id))).toEqual([]);
      expect(new Set(ids(body)).size).toBe(body.items.length);
    }
  });

  it('answers an unknown user with the popular fallback list', async () => {
    const { status, body } = await call<Answer>(userUrl('nobody-like-this'));
    expect(status).toBe(200);
    expect(body.strategy).toBe('popular_fallback');
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(fixture.fallbackGlobal);
  });

  it('verifies each shard once, when it enters the isolate, not on cache hits', async () => {
    const user = fixture.users[3] ?? fixture.users[0]!;
    const { store } = servicesFor(env);
    await call<Answer>(userUrl(user.userId, `&nprobe=${fixture.lists}`));
    const before = store.stats();
    await call<Answer>(userUrl(user.userId, `&nprobe=${fixture.lists}`));
    const after = store.stats();
    expect(after.verifications).toBe(before.verifications);
    expect(after.hits).toBeGreaterThan(before.hits);
    expect(after.verifyFailures).toBe(0);
  });
});

describe('a quantised (int8) index with f32 rerank copies', () => {
  // One set of isolate services over the int8 origin for the whole block.
  let int8: Env;
  beforeAll(() => {
    int8 = testEnv({ BLOB_ORIGIN: fixture.int8Origin });
  });

  it('still equals the exact top-k when every list is probed (exact rerank)', async () => {
    for (const user of fixture.users.slice(0, 8)) {
      const { body } = await callIn<Answer>(int8, userUrl(user.userId, `&nprobe=${fixture.lists}`));
      expect(body.degraded).toBeUndefined();
      expect(ids(body)).toEqual(user.exact);
    }
  });

  it('keeps recall@10 at or above 0.9 with the default nprobe', async () => {
    const recallAt = await meanRecall(async (userId) => (await callIn<Answer>(int8, userUrl(userId))).body);
    expect(recallAt).toBeGreaterThanOrEqual(0.9);
  });
});

describe('category filters against the shop catalogue', () => {
  it('answers a well-formed category the catalogue lacks with 200, an empty list and the reason', async () => {
    const user = fixture.users[0]!.userId;
    for (const path of [
      `/v1/users/${user}/recommendations?category=garden/tools`,
      `/v1/items/${fixture.similar[0]!.itemId}/similar?category=coat/unknown-leaf`,
      '/v1/users/nobody-at-all/recommendations?category=%E5%AE%B6%E9%9B%BB',
    ]) {
      const { status, body } = await call<Answer & { notice?: { reason: string; detail?: string } }>(path);
      expect(status, path).toBe(200);
      expect(body.items).toEqual([]);
      expect(body.notice?.reason).toBe('unknown_category');
      expect(body.degraded).toBeUndefined();
    }
  });

  it('filters on every level of the tree: a top-level category and one of its leaves', async () => {
    const { userId } = fixture.categoryCase;
    const leaf = Object.values(fixture.categories).find((c) =>
      c.startsWith(`${fixture.categoryCase.category}/`),
    )!;
    const top = await call<Answer>(userUrl(userId, `&category=${fixture.categoryCase.category}`));
    const deep = await call<Answer>(userUrl(userId, `&category=${leaf}`));
    expect(top.body.items.length).toBeGreaterThan(0);
    expect(deep.body.items.length).toBeGreaterThan(0);
    expect(deep.body.items.every((i) => i.category === leaf)).toBe(true);
    expect(new Set(top.body.items.map((i) => i.category)).size).toBeGreaterThan(1);
  });
});
