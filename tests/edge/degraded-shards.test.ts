/**
 * Broken blobs never turn a valid request into a 5xx: a corrupt or missing IVF list is
 * skipped (the next best list takes its place) and the answer says `degraded`; a broken user
 * shard or fallback blob degrades to the fallback / an empty list; a poisoned colo-cache entry
 * is rejected by the sha256 check and the origin's bytes are used instead.
 *
 * Each case gets isolate services of its own (`callWith`/`testEnv` build them explicitly: no
 * shard already verified in memory) over the same bucket.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { bucketOf } from '#shared/sharding';
import { servicesFor } from '../../edge/src/context/index.ts';
import {
  type Answer,
  callIn,
  callWith,
  fixture,
  fixtureBytes,
  ids,
  testEnv,
  usePublishedStore,
} from './support/fixture.ts';

const manifest = usePublishedStore();

/** The colo cache is off unless a case asks for it. */
const NO_COLO = { EDGE_CACHE_TTL_SECONDS: '0' };

async function corrupt(key: string): Promise<void> {
  const bytes = await fixtureBytes(key);
  bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0xff;
  await env.BUCKET.put(key, bytes);
}

const user = () => fixture.users[0]!;
const userUrl = (query = '') => `/v1/users/${user().userId}/recommendations?k=${fixture.k}${query}`;

describe('degraded answers', () => {
  it('rejects a poisoned caches.default entry and serves the verified origin bytes', async () => {
    const own = testEnv({ EDGE_CACHE_TTL_SECONDS: '3600' });
    const key = fixture.corruptible.key;
    await caches.default.put(
      `https://vitrine-blobs.internal/${key}`,
      new Response(new Uint8Array(64), {
        headers: { 'cache-control': 'max-age=3600' },
      }),
    );
    const { status, body } = await callIn<Answer>(own, userUrl(`&nprobe=${fixture.lists}`));
    expect(status).toBe(200);
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(user().exact);
    expect(servicesFor(own).store.stats().verifyFailures).toBeGreaterThanOrEqual(1);
  });

  it('skips a corrupt IVF list, says shard_corrupt and logs it', async () => {
    await corrupt(fixture.corruptible.key);
    const warn = vi.spyOn(console, 'warn');
    const { status, body } = await callWith<Answer>(NO_COLO, userUrl(`&nprobe=${fixture.lists}`));
    expect(status).toBe(200);
    expect(body.strategy).toBe('user_vector');
    expect(body.degraded?.reason).toBe('shard_corrupt');
    expect(body.items).toHaveLength(fixture.k);
    expect(ids(body).filter((id) => fixture.corruptible.ids.includes(id))).toEqual([]);
    const lines = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as { event: string; reason?: string });
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'answer_degraded', reason: 'shard_corrupt' }),
    );
  });

  it('replaces a failed list with the next best one at the default nprobe', async () => {
    const { body } = await callWith<Answer>(NO_COLO, userUrl());
    expect(body.degraded?.reason).toBe('shard_corrupt');
    expect(body.items).toHaveLength(fixture.k);
  });

  it('says shard_missing when a list blob is gone from the bucket', async () => {
    await env.BUCKET.put(fixture.corruptible.key, await fixtureBytes(fixture.corruptible.key));
    const other = manifest().items.index.lists.find((l) => l.shard.key !== fixture.corruptible.key)!;
    await env.BUCKET.delete(other.shard.key);
    const warn = vi.spyOn(console, 'warn');
    const { status, headers, body } = await callWith<Answer>(NO_COLO, userUrl(`&nprobe=${fixture.lists}`));
    expect(status).toBe(200);
    // The answer says why in a code only; the key is in the log line of the same request id.
    expect(body.degraded).toEqual({ reason: 'shard_missing' });
    expect(JSON.stringify(body)).not.toContain(other.shard.key);
    const lines = warn.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'answer_degraded',
        requestId: headers.get('x-request-id'),
        detail: expect.stringContaining(other.shard.key),
      }),
    );
    expect(body.items).toHaveLength(fixture.k);
    await env.BUCKET.put(other.shard.key, await fixtureBytes(other.shard.key));
  });

  it('degrades to the fallback list when the user shard is corrupt', async () => {
    const ref = manifest().users.shards[bucketOf(user().userId, manifest().users.shardCount)]!;
    await corrupt(ref.key);
    const { status, body } = await callWith<Answer>(NO_COLO, userUrl());
    expect(status).toBe(200);
    expect(body.strategy).toBe('popular_fallback');
    expect(body.degraded?.reason).toBe('shard_corrupt');
    expect(ids(body)).toEqual(fixture.fallbackGlobal);
    await env.BUCKET.put(ref.key, await fixtureBytes(ref.key));
  });

  it('answers an empty fallback, still 200, when the fallback blob is corrupt too', async () => {
    await corrupt(manifest().fallback.key);
    const { status, body } = await callWith<Answer>(NO_COLO, '/v1/users/stranger/recommendations');
    expect(status).toBe(200);
    expect(body).toMatchObject({ strategy: 'popular_fallback', modelVersion: fixture.version, items: [] });
    expect(body.degraded?.reason).toBe('shard_corrupt');
  });
});
