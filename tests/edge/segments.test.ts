/**
 * Segment cold start in workerd: a stranger (no items, no trained vector) is ranked by the taste
 * vector of the most specific published segment of their request context, backing off to coarser
 * segments, then to popularity; a model without segments, or an unreadable table, answers as before.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeShard } from '#shared/codec';
import { sha256Hex } from '#shared/crypto';
import type { Manifest, SegmentTable } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { goLive as putLive } from '../support/live-manifest.ts';
import { type Answer, callWith, fixture, fixtureManifest, ids, publishToBucket } from './support/fixture.ts';

interface SegmentAnswer extends Answer {
  segment?: string;
}

let manifest: Manifest;
let userVector: number[];

async function put(bytes: Uint8Array) {
  const sha256 = await sha256Hex(bytes);
  await env.BUCKET.put(`blobs/${sha256}`, bytes);
  return { key: `blobs/${sha256}`, sha256, size: bytes.length };
}

/** Publishes the fixture model with `table` as its segments (a new live version). */
async function goLive(version: string, table: SegmentTable | Uint8Array): Promise<void> {
  const bytes = table instanceof Uint8Array ? table : new TextEncoder().encode(JSON.stringify(table));
  const changed: Manifest = {
    ...manifest,
    version,
    segments: { table: await put(bytes), count: 1, minUsers: 20 },
  };
  await putLive(env.BUCKET, changed);
}

beforeAll(async () => {
  await publishToBucket();
  manifest = await fixtureManifest();
  // The segment's vector: the first fixture user's trained vector, so its exact top-k is known.
  const user = fixture.users[0]!;
  const ref = manifest.users.shards[bucketOf(user.userId, manifest.users.shardCount)]!;
  const shard = decodeShard(new Uint8Array(await (await env.BUCKET.get(ref.key))!.arrayBuffer()));
  if (!shard.ok) throw shard.error;
  const row = shard.value.ids.indexOf(user.userId);
  userVector = Array.from(shard.value.data.subarray(row * shard.value.dim, (row + 1) * shard.value.dim));
});

const table = (keys: string[]): SegmentTable => ({
  format: 'vitrine-segments',
  version: 1,
  dim: manifest.model.dim,
  method: 'fold_in',
  segments: keys.map((key) => ({ key, users: 50, vector: userVector })),
});

/** A stranger's POST with a context; fresh isolate services per `tag` (no stale manifest). */
const stranger = (tag: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  callWith<SegmentAnswer>({ MANIFEST_TTL_SECONDS: tag }, '/v1/recommendations', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ k: fixture.k, nprobe: fixture.lists, ...body }),
  });

const IPHONE = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' };

describe('segment cold start', () => {
  it('ranks a stranger by the most specific published segment of the request context', async () => {
    await goLive('seg-1', table(['device=mobile', 'referrer=blog.example|device=mobile']));
    const { status, body } = await stranger('31', { referrer: 'https://www.blog.example/post/1' }, IPHONE);
    expect(status).toBe(200);
    expect(body.strategy).toBe('segment_vector');
    expect(body.segment).toBe('referrer=blog.example|device=mobile');
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
  });

  it('serves a user-tower table the same way, from the origin-only referrer the widget sends', async () => {
    const keys = ['landing=women/dresses|referrer=news.example.org|device=mobile'];
    await goLive('seg-6', { ...table(keys), method: 'user_tower' });
    const { status, body } = await stranger(
      '37',
      { referrer: 'https://www.news.example.org', landingCategory: 'women/dresses' },
      IPHONE,
    );
    expect(status).toBe(200);
    expect([body.strategy, body.segment]).toEqual(['segment_vector', keys[0]]);
    expect(ids(body)).toEqual(fixture.users[0]!.exact);
  });

  it('backs off to a coarser segment, then to popularity', async () => {
    await goLive('seg-2', table(['device=mobile']));
    const coarse = await stranger('32', { referrer: 'https://other.example/' }, IPHONE);
    expect([coarse.body.strategy, coarse.body.segment]).toEqual(['segment_vector', 'device=mobile']);
    const desktop = await stranger(
      '33',
      { referrer: 'https://other.example/' },
      { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
    );
    expect(desktop.body.strategy).toBe('popular_fallback');
    expect(ids(desktop.body)).toEqual(fixture.fallbackGlobal.slice(0, fixture.k));
  });

  it('prefers session items and ignores a table of another dimension or one that cannot be read', async () => {
    await goLive('seg-3', table(['device=mobile']));
    const folded = await stranger('34', { items: fixture.session.items }, IPHONE);
    expect(folded.body.strategy).toBe('session_fold_in');
    await goLive('seg-4', { ...table(['device=mobile']), dim: manifest.model.dim + 1 });
    expect((await stranger('35', {}, IPHONE)).body.strategy).toBe('popular_fallback');
    await goLive('seg-5', new TextEncoder().encode('{"format":'));
    const broken = await stranger('36', {}, IPHONE);
    expect(broken.body.strategy).toBe('popular_fallback');
    expect(broken.body.degraded?.reason).toBe('shard_corrupt');
  });
});
