/**
 * `details=1`: the item cards published with the model (the manifest's `itemCards`, the one
 * publication of per-item metadata) reach the recommendation answers in workerd — title, price
 * + currency, picture, link — so the widget needs no feed. Cards are hash-sharded: an answer
 * reads only its items' buckets; an item without a card, or an unreadable shard, costs the
 * details and never the answer.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import {
  type BlobRef,
  CURRENT_POINTER_KEY,
  ItemCardShard,
  type ItemDetails,
  type Manifest,
  manifestKey,
  RecommendationResponse,
} from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import {
  type Answer,
  call,
  callWith,
  fixture,
  fixtureBytes,
  fixtureManifest,
  publishToBucket,
} from './support/fixture.ts';

type Detailed = Omit<Answer, 'items'> & { items: (Answer['items'][number] & { details?: ItemDetails })[] };

let manifest: Manifest;
let cards: Map<string, ItemDetails & { itemId: string }>;

async function readShard(ref: BlobRef): Promise<ItemCardShard> {
  return ItemCardShard.parse(JSON.parse(new TextDecoder().decode(await fixtureBytes(ref.key))));
}

beforeAll(async () => {
  await publishToBucket();
  manifest = await fixtureManifest();
  const shards = await Promise.all((manifest.itemCards?.shards ?? []).map(readShard));
  cards = new Map(shards.flatMap((s) => s.items).map((card) => [card.itemId, card]));
});

const userUrl = (query = '') =>
  `/v1/users/${fixture.users[0]!.userId}/recommendations?k=${fixture.k}${query}`;

/** Publishes `changed` as a new live version (manifest, then the pointer, as the batch does). */
async function goLive(changed: Manifest): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify(changed));
  await env.BUCKET.put(manifestKey(changed.version), bytes);
  const pointer = {
    version: changed.version,
    manifestKey: manifestKey(changed.version),
    sha256: await sha256Hex(bytes),
    publishedAt: new Date().toISOString(),
  };
  await env.BUCKET.put(CURRENT_POINTER_KEY, JSON.stringify(pointer));
}

describe('item cards published with the model', () => {
  it('covers every catalogue item once, in the fnv1a32 bucket of its id, sorted by id', async () => {
    const section = manifest.itemCards!;
    expect(section.shardCount).toBeGreaterThan(1);
    expect(section.shards).toHaveLength(section.shardCount);
    for (const [b, ref] of section.shards.entries()) {
      const ids = (await readShard(ref)).items.map((c) => c.itemId);
      expect(ids.every((id) => bucketOf(id, section.shardCount) === b)).toBe(true);
      expect(ids).toEqual([...ids].sort());
    }
    expect(cards.size).toBe(Object.keys(fixture.categories).length);
    expect(manifest.catalogue?.items).toBe(cards.size);
  });
});

describe('details=1 on the recommendation routes', () => {
  it('adds each item card (title, price + currency, picture, link) only when asked', async () => {
    const plain = await call<Detailed>(userUrl());
    expect(plain.body.items.some((i) => i.details !== undefined)).toBe(false);
    const session = { items: fixture.session.items, details: true };
    const answers = [
      await call<Detailed>(userUrl('&details=1')),
      await call<Detailed>(`/v1/items/${fixture.similar[0]!.itemId}/similar?details=true`),
      await call<Detailed>('/v1/users/nobody-at-all/recommendations?details=1'),
      await call<Detailed>('/v1/recommendations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(session),
      }),
    ];
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(RecommendationResponse.safeParse(body).success).toBe(true);
      expect(body.items.length).toBeGreaterThan(0);
      for (const item of body.items) {
        const { itemId: _, ...card } = cards.get(item.itemId)!;
        expect(item.details).toEqual(card);
        expect(item.details).toMatchObject({ currency: 'EUR', url: `/demo?item=${item.itemId}` });
        expect(item.details?.title).toMatch(/\S/);
        expect(item.details?.price).toBeGreaterThan(0);
        expect(item.details?.imageUrl).toMatch(/^\/demo\/images\/\d+\.png$/);
      }
    }
  });

  it('reads only the card shards of the answer’s items', async () => {
    const get = vi.spyOn(env.BUCKET, 'get');
    const vars = { SHARD_CACHE_MAX_BYTES: '40000101', EDGE_CACHE_TTL_SECONDS: '0' };
    const { body } = await callWith<Detailed>(vars, userUrl('&k=3&details=1'));
    const section = manifest.itemCards!;
    const wanted = new Set(
      body.items.map((i) => section.shards[bucketOf(i.itemId, section.shardCount)]!.key),
    );
    const read = new Set(get.mock.calls.map((c) => String(c[0])));
    const cardKeys = new Set(section.shards.map((s) => s.key));
    expect([...read].filter((key) => cardKeys.has(key)).sort()).toEqual([...wanted].sort());
    expect(wanted.size).toBeLessThan(section.shardCount);
    get.mockRestore();
  });

  it('leaves out the details of an item without a card, and keeps the rest', async () => {
    const section = manifest.itemCards!;
    const { body: before } = await call<Detailed>(userUrl('&details=1'));
    const missing = before.items[0]!.itemId;
    const b = bucketOf(missing, section.shardCount);
    const shard = await readShard(section.shards[b]!);
    const bytes = new TextEncoder().encode(
      JSON.stringify({ items: shard.items.filter((c) => c.itemId !== missing) }),
    );
    const sha256 = await sha256Hex(bytes);
    const ref = { key: `blobs/${sha256}`, sha256, size: bytes.length };
    await env.BUCKET.put(ref.key, bytes);
    const shards = section.shards.map((s, i) => (i === b ? ref : s));
    await goLive({ ...manifest, version: 'fixture-cards-2', itemCards: { ...section, shards } });

    const { status, body } = await callWith<Detailed>({ MANIFEST_TTL_SECONDS: '1' }, userUrl('&details=1'));
    expect(status).toBe(200);
    expect(body.modelVersion).toBe('fixture-cards-2');
    expect(body.degraded).toBeUndefined();
    expect(body.items.map((i) => i.itemId)).toEqual(before.items.map((i) => i.itemId));
    expect(body.items.find((i) => i.itemId === missing)?.details).toBeUndefined();
    expect(body.items.filter((i) => i.details !== undefined)).toHaveLength(body.items.length - 1);
  });

  it('keeps the cards of the shards that loaded when one card shard is corrupt', async () => {
    const section = manifest.itemCards!;
    const before = (await callWith<Detailed>({ MANIFEST_TTL_SECONDS: '2' }, userUrl())).body;
    const bad = bucketOf(before.items[0]!.itemId, section.shardCount);
    const elsewhere = before.items.filter((i) => bucketOf(i.itemId, section.shardCount) !== bad);
    expect(elsewhere.length).toBeGreaterThan(0); // the fixture spreads an answer over buckets
    const shards = section.shards.map((s, b) => (b === bad ? { ...s, sha256: 'f'.repeat(64) } : s));
    await goLive({ ...manifest, version: 'fixture-cards-4', itemCards: { ...section, shards } });
    const { status, body } = await callWith<Detailed>({ MANIFEST_TTL_SECONDS: '2' }, userUrl('&details=1'));
    expect(status).toBe(200);
    expect(body.modelVersion).toBe('fixture-cards-4');
    expect(body.degraded?.reason).toBe('shard_corrupt');
    for (const item of body.items) {
      const inBad = bucketOf(item.itemId, section.shardCount) === bad;
      expect(item.details === undefined).toBe(inBad);
    }
  });

  it('answers without details, degraded, when a card shard is corrupt', async () => {
    const section = manifest.itemCards!;
    const broken = section.shards.map((s) => ({ ...s, sha256: 'f'.repeat(64) }));
    await goLive({ ...manifest, version: 'fixture-cards-3', itemCards: { ...section, shards: broken } });
    const { status, body } = await callWith<Detailed>({ MANIFEST_TTL_SECONDS: '2' }, userUrl('&details=1'));
    expect(status).toBe(200);
    expect(body.modelVersion).toBe('fixture-cards-3');
    expect(body.items).toHaveLength(fixture.k);
    expect(body.items.every((i) => i.details === undefined)).toBe(true);
    expect(body.degraded?.reason).toBe('shard_corrupt');
  });
});
