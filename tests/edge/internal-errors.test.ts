/**
 * Only I/O failures become degraded answers. A programmer error (a TypeError) on the serving
 * path is a 500 of kind `internal` carrying the request id — the same id as the `X-Request-Id`
 * header and the `unhandled_error` log line with the stack — never a 200 from the fallback.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ShardStore } from '../../edge/src/shards/index.ts';
import { callWith, fixture, fixtureManifest, publishToBucket } from './support/fixture.ts';

let userShards: Set<string>;
beforeAll(async () => {
  await publishToBucket();
  const manifest = await fixtureManifest();
  userShards = new Set(manifest.users.shards.map((s) => s.key));
});
afterEach(() => vi.restoreAllMocks());

interface ErrorAnswer {
  error: { kind: string; message: string; requestId?: string };
}

/** Each case gets services of its own (`callWith`), without the colo cache. */
const NO_COLO = { EDGE_CACHE_TTL_SECONDS: '0' };
const bug = () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'rows')"));

async function expectInternal(path: string, init?: RequestInit): Promise<void> {
  const logged = vi.spyOn(console, 'error');
  const { status, headers, body } = await callWith<ErrorAnswer>(NO_COLO, path, init);
  expect(status).toBe(500);
  expect(body.error.kind).toBe('internal');
  expect(body.error.message).not.toContain('rows');
  const id = headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error.requestId).toBe(id);
  const lines = logged.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, unknown>);
  expect(lines).toContainEqual(
    expect.objectContaining({
      event: 'unhandled_error',
      requestId: id,
      stack: expect.stringContaining('TypeError'),
    }),
  );
}

describe('programmer errors are 500s, not degraded answers', () => {
  it('a TypeError while loading an IVF list', async () => {
    vi.spyOn(ShardStore.prototype, 'metadata').mockImplementation(bug);
    await expectInternal(`/v1/users/${fixture.users[0]!.userId}/recommendations`);
  });

  it('a TypeError while looking up a user vector', async () => {
    const shard = ShardStore.prototype.shard;
    vi.spyOn(ShardStore.prototype, 'shard').mockImplementation(function (this: ShardStore, ref, scope) {
      return userShards.has(ref.key) ? bug() : shard.call(this, ref, scope);
    });
    await expectInternal(`/v1/users/${fixture.users[0]!.userId}/recommendations`);
  });

  it('a TypeError while reading the session items', async () => {
    vi.spyOn(ShardStore.prototype, 'shard').mockImplementation(bug);
    await expectInternal('/v1/recommendations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: fixture.session.items }),
    });
  });
});

describe('error kinds map to one status each', () => {
  it('keeps 4xx bodies free of request ids and 5xx bodies carrying them', async () => {
    const { status, body, headers } = await callWith<ErrorAnswer>(NO_COLO, '/v1/users/%20/recommendations');
    expect(status).toBe(400);
    expect(body.error.requestId).toBeUndefined();
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
