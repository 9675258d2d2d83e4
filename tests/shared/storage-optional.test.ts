import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { type BlobStore, getIfPresent, MemoryStore } from '#shared/storage';

describe('getIfPresent', () => {
  it('returns the bytes of a key that exists and null for one that does not', async () => {
    const store = new MemoryStore('optional');
    await store.put('state/a.json', new Uint8Array([1, 2, 3]));
    expect(Array.from((await getIfPresent(store, 'state/a.json')) ?? [])).toEqual([1, 2, 3]);
    expect(await getIfPresent(store, 'state/b.json')).toBeNull();
  });

  it('lets every other failure through (an outage is not an absence)', async () => {
    const down: BlobStore = Object.assign(new MemoryStore('down'), {
      get: () => Promise.reject(new AppError('unavailable', 'bucket unreachable')),
    });
    await expect(getIfPresent(down, 'state/a.json')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
