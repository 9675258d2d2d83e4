/**
 * The hang found by the hostile test: one item-by-id shard deleted, then a fold-in whose items
 * span that shard and a cold healthy one. The fold-in answered (fallback) while the healthy
 * shard's load was still running under its request; the runtime cancelled that load with the
 * finished request, the shared in-flight entry never settled, and every later request needing
 * the healthy shard waited on it forever.
 *
 * Requests go through SELF, so each has its own request context as in production (calling the
 * handler directly would run them all in the test's context, where nothing is ever cancelled).
 * The healthy shard's read is slowed at the origin (a timer in the reading request), so it is
 * still in flight when the fold-in answers, whatever the machine's speed.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { bucketOf } from '#shared/sharding';
import { R2Store } from '../../edge/lib/index.ts';
import { type Answer, call, fixture, type JsonResponse, usePublishedStore } from './support/fixture.ts';

const manifest = usePublishedStore();

/** The call's answer, or 'no answer' when it has none within `ms`. */
async function within<T>(ms: number, request: Promise<T>): Promise<T | 'no answer'> {
  let late!: (value: 'no answer') => void;
  const timeout = new Promise<'no answer'>((resolve) => {
    late = resolve;
  });
  const timer = setTimeout(() => late('no answer'), ms);
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Makes the origin read of `key` take `ms` longer (a timer in the reading request). */
function slowRead(key: string, ms: number): void {
  const read = R2Store.prototype.get;
  vi.spyOn(R2Store.prototype, 'get').mockImplementation(async function (this: R2Store, k: string) {
    if (k === key) await new Promise((resolve) => setTimeout(resolve, ms));
    return read.call(this, k);
  });
}

/** One known item id per item-by-id bucket. */
function itemsByBucket(): string[] {
  const n = manifest().items.byId.shardCount;
  const ids = Object.keys(fixture.categories);
  return Array.from({ length: n }, (_, b) => ids.find((id) => bucketOf(id, n) === b) as string);
}

describe('a fold-in over a missing shard and a cold healthy one', () => {
  it('leaves the healthy shard loadable: later requests needing it answer', async () => {
    const [broken, healthy] = itemsByBucket() as [string, string];
    await env.BUCKET.delete(manifest().items.byId.shards[0]!.key);
    slowRead(manifest().items.byId.shards[1]!.key, 300);
    const foldIn = await within(
      10_000,
      call<Answer>('/v1/recommendations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [broken, healthy], k: 5 }),
      }),
    );
    expect(foldIn).not.toBe('no answer');
    expect((foldIn as JsonResponse<Answer>).body.degraded?.reason).toBe('shard_missing');
    const similar = await within(5_000, call<Answer>(`/v1/items/${healthy}/similar?k=5`));
    expect(similar).not.toBe('no answer');
    const { status, body } = similar as JsonResponse<Answer>;
    expect(status).toBe(200);
    expect(body.strategy).toBe('item_similarity');
    expect(body.items).toHaveLength(5);
  });
});

describe('a load that outlives the request that started it', () => {
  it('answers that request at its deadline and still serves the next request', async () => {
    const healthy = itemsByBucket()[2] as string;
    // Longer than the request deadline (3 s in wrangler.toml), shorter than the load bound (5 s).
    slowRead(manifest().items.byId.shards[2]!.key, 3_500);
    const t0 = Date.now();
    const first = await within(10_000, call<Answer>(`/v1/items/${healthy}/similar?k=5`));
    expect(first).not.toBe('no answer');
    expect(Date.now() - t0).toBeLessThan(3_400);
    expect((first as JsonResponse<Answer>).body.degraded?.reason).toBe('deadline_exceeded');
    const second = await within(5_000, call<Answer>(`/v1/items/${healthy}/similar?k=5`));
    expect(second).not.toBe('no answer');
    expect((second as JsonResponse<Answer>).body).toMatchObject({ strategy: 'item_similarity' });
    expect((second as JsonResponse<Answer>).body.degraded).toBeUndefined();
  });
});
