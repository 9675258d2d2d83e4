import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { R2Store } from '../../edge/lib/index.ts';
import { runBlobStoreContract } from '../contracts/blob-store.ts';

let n = 0;

// The real R2 binding from wrangler.toml (local R2 in workerd); each test gets a fresh prefix.
runBlobStoreContract('R2Store (workerd R2 binding)', async () => {
  n += 1;
  return { store: new R2Store(env.BUCKET, { name: 'vitrine', prefix: `contract/${n}` }) };
});

describe('R2Store', () => {
  it('stores keys under its prefix and lists them without it', async () => {
    const store = new R2Store(env.BUCKET, { prefix: 'prefixed' });
    await store.put('a/b.bin', new Uint8Array([1, 2]), { contentType: 'application/octet-stream' });
    const raw = await env.BUCKET.get('prefixed/a/b.bin');
    expect(raw?.httpMetadata?.contentType).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array((await raw?.arrayBuffer()) ?? new ArrayBuffer(0)))).toEqual([1, 2]);
    expect(await store.list()).toEqual([{ key: 'a/b.bin', size: 2 }]);
  });

  it('follows the list cursor across pages', async () => {
    const store = new R2Store(env.BUCKET, { prefix: 'paged', listPageSize: 2 });
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    for (const key of keys) await store.put(key, new Uint8Array(1));
    expect((await store.list()).map((b) => b.key)).toEqual(keys);
    expect((await env.BUCKET.list({ prefix: 'paged/', limit: 2 })).truncated).toBe(true);
  });

  it('turns a failing binding into unavailable with the cause kept', async () => {
    const broken = {
      get: () => Promise.reject(new Error('R2 is down')),
    } as unknown as R2Bucket;
    const error = await new R2Store(broken).get('k').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('unavailable');
    expect(((error as AppError).cause as Error).message).toBe('R2 is down');
  });

  it('rejects an invalid prefix', () => {
    expect(() => new R2Store(env.BUCKET, { prefix: '../x' })).toThrow(AppError);
  });
});
