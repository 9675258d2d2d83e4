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
});
