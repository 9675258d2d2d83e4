/**
 * The isolate shard cache: byte-bounded LRU eviction, one shared load for concurrent
 * requests, and a short negative cache for corrupt blobs — over real shard bytes encoded by
 * the shared codec and an in-memory origin that counts its reads.
 */

import { describe, expect, it } from 'vitest';
import { encodeShard } from '#shared/codec';
import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import type { BlobRef } from '#shared/schemas';
import { type BlobOrigin, DETACHED_SCOPE } from '../../edge/lib/index.ts';
import { ByteLru, ShardCache, ShardStore } from '../../edge/src/shards/index.ts';

class CountingOrigin implements BlobOrigin {
  readonly uri = 'mem://test';
  readonly blobs = new Map<string, Uint8Array>();
  reads = 0;
  async get(key: string): Promise<Uint8Array> {
    this.reads++;
    await new Promise((r) => setTimeout(r, 5));
    const bytes = this.blobs.get(key);
    if (bytes === undefined) throw new AppError('not_found', key);
    return bytes;
  }
  async add(bytes: Uint8Array): Promise<BlobRef> {
    const sha256 = await sha256Hex(bytes);
    const key = `blobs/${sha256}`;
    this.blobs.set(key, bytes);
    return { key, sha256, size: bytes.length };
  }
}

const shard = (n: number, seed: number) =>
  encodeShard({
    ids: Array.from({ length: n }, (_, i) => `item-${seed}-${i}`),
    vectors: Float32Array.from({ length: n * 4 }, (_, i) => Math.sin(seed + i)),
    dim: 4,
    dtype: 'f32',
  });

describe('ByteLru', () => {
  it('evicts least recently used entries to stay within its byte budget', () => {
    const lru = new ByteLru<string>(100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 40); // over budget: evicts b, the least recent
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.stats()).toMatchObject({ entries: 2, bytes: 80, evictions: 1 });
    expect(lru.set('huge', 'H', 101)).toBe(false);
    expect(lru.stats().entries).toBe(2);
  });
});

describe('ShardCache', () => {
  it('shares one origin read between concurrent requests for the same shard', async () => {
    const origin = new CountingOrigin();
    const ref = await origin.add(shard(50, 1));
    const store = new ShardStore(new ShardCache({ origin, maxBytes: 1 << 20 }));
    const loaded = await Promise.all([1, 2, 3, 4].map(() => store.shard(ref, DETACHED_SCOPE)));
    expect(origin.reads).toBe(1);
    expect(new Set(loaded).size).toBe(1);
    expect(loaded[0]?.rowOf('item-1-7')).toBe(7);
    expect(store.stats().verifications).toBe(1);
  });

  it('re-reads a shard after the byte budget evicted it', async () => {
    const origin = new CountingOrigin();
    const a = await origin.add(shard(200, 1));
    const b = await origin.add(shard(200, 2));
    const store = new ShardStore(new ShardCache({ origin, maxBytes: a.size + 20_000 }));
    await store.shard(a, DETACHED_SCOPE);
    await store.shard(b, DETACHED_SCOPE);
    await store.shard(a, DETACHED_SCOPE);
    expect(origin.reads).toBe(3);
    expect(store.stats().bytes).toBeLessThanOrEqual(a.size + 20_000);
  });

  it('remembers a corrupt blob for a while instead of downloading it on every request', async () => {
    const origin = new CountingOrigin();
    const ref = await origin.add(shard(10, 3));
    const stored = origin.blobs.get(ref.key) as Uint8Array;
    stored[40] = (stored[40] as number) ^ 1;
    let now = 0;
    const store = new ShardStore(
      new ShardCache({ origin, maxBytes: 1 << 20, negativeTtlMs: 1000, now: () => now }),
    );
    await expect(store.shard(ref, DETACHED_SCOPE)).rejects.toMatchObject({ kind: 'corrupt' });
    await expect(store.shard(ref, DETACHED_SCOPE)).rejects.toMatchObject({ kind: 'corrupt' });
    expect(origin.reads).toBe(1);
    now = 1001;
    await expect(store.shard(ref, DETACHED_SCOPE)).rejects.toMatchObject({ kind: 'corrupt' });
    expect(origin.reads).toBe(2);
  });

  it('rejects every waiter of a load that never settles within the load bound, then loads afresh', async () => {
    const origin = new CountingOrigin();
    const ref = await origin.add(shard(10, 4));
    let hang = true;
    const hanging: BlobOrigin = {
      uri: 'mem://hanging',
      get: (key) => (hang ? new Promise<Uint8Array>(() => undefined) : origin.get(key)),
    };
    const store = new ShardStore(new ShardCache({ origin: hanging, maxBytes: 1 << 20, loadTimeoutMs: 100 }));
    const t0 = Date.now();
    const waits = await Promise.allSettled([
      store.shard(ref, DETACHED_SCOPE),
      store.shard(ref, DETACHED_SCOPE),
    ]);
    expect(Date.now() - t0).toBeLessThan(1_000);
    for (const w of waits) expect(w).toMatchObject({ status: 'rejected', reason: { kind: 'unavailable' } });
    hang = false;
    await expect(store.shard(ref, DETACHED_SCOPE)).resolves.toBeDefined();
    expect(store.stats()).toMatchObject({ timeouts: 1, activeLoads: 0, queuedLoads: 0 });
  });

  it('gives up at the request deadline with deadline_exceeded, without waiting for the load', async () => {
    const origin = new CountingOrigin();
    const ref = await origin.add(shard(10, 5));
    const slow: BlobOrigin = {
      uri: 'mem://slow',
      get: async (key) => {
        await new Promise((r) => setTimeout(r, 300));
        return origin.get(key);
      },
    };
    const store = new ShardStore(new ShardCache({ origin: slow, maxBytes: 1 << 20 }));
    const scope = { ...DETACHED_SCOPE, deadlineMs: Date.now() + 50 };
    await expect(store.shard(ref, scope)).rejects.toMatchObject({ kind: 'deadline_exceeded' });
    await expect(store.shard(ref, scope)).rejects.toMatchObject({ kind: 'deadline_exceeded' });
  });

  it('reads at most maxConcurrentLoads blobs from the origin at once, and skips queued loads nobody awaits', async () => {
    const origin = new CountingOrigin();
    const refs = await Promise.all(Array.from({ length: 12 }, (_, i) => origin.add(shard(5, 10 + i))));
    let active = 0;
    let peak = 0;
    const counting: BlobOrigin = {
      uri: 'mem://counting',
      get: async (key) => {
        peak = Math.max(peak, ++active);
        try {
          await new Promise((r) => setTimeout(r, 20));
          return await origin.get(key);
        } finally {
          active--;
        }
      },
    };
    const store = new ShardStore(
      new ShardCache({ origin: counting, maxBytes: 1 << 22, maxConcurrentLoads: 3 }),
    );
    await Promise.all(refs.slice(0, 9).map((ref) => store.shard(ref, DETACHED_SCOPE)));
    expect(peak).toBe(3);
    const reads = origin.reads;
    const late = { ...DETACHED_SCOPE, deadlineMs: Date.now() + 10 };
    const gaveUp = await Promise.allSettled(refs.slice(9).map((ref) => store.shard(ref, late)));
    expect(gaveUp.every((g) => g.status === 'rejected')).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    // The first three of the late loads got slots at once; none of them was queued behind others.
    expect(origin.reads - reads).toBeLessThanOrEqual(3);
    expect(store.stats()).toMatchObject({ activeLoads: 0, queuedLoads: 0 });
  });
});
