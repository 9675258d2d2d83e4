import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { MemoryStore } from '#shared/storage';
import { BlobWriter } from '../../../batch/src/publish/blobs.ts';
import { seededBytes } from '../../contracts/blob-store.ts';

describe('BlobWriter', () => {
  it('names blobs by the sha256 the edge verifies with (WebCrypto)', async () => {
    const writer = new BlobWriter(new MemoryStore('w'));
    for (const size of [0, 1, 63, 64, 65, 100_000]) {
      const bytes = seededBytes(size, size);
      const ref = await writer.put(bytes);
      expect(ref.sha256).toBe(await sha256Hex(bytes));
      expect(ref).toEqual({ key: `blobs/${ref.sha256}`, sha256: ref.sha256, size });
    }
  });

  it('writes equal bytes put concurrently once and counts the others as skipped', async () => {
    const store = new MemoryStore('w');
    const writer = new BlobWriter(store);
    const bytes = seededBytes(3, 4096);
    const refs = await Promise.all(Array.from({ length: 8 }, () => writer.put(bytes)));
    expect(new Set(refs.map((r) => r.key)).size).toBe(1);
    expect(writer.stats).toMatchObject({ written: 1, skipped: 7, bytesWritten: 4096, bytesTotal: 8 * 4096 });
    expect(await store.get(refs[0]?.key as string)).toEqual(bytes);
  });
});
