import { describe, expect, it } from 'vitest';
import { CURRENT_POINTER_KEY } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { publish } from '../../../batch/src/publish/publish.ts';
import { readBlob, readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { manifestBody } from '../../support/publish-fixture.ts';

async function published(name: string) {
  const store = new MemoryStore(name);
  await publish(store, (put) => manifestBody(put), { version: 'v1' });
  return { store, live: (await readCurrent(store))! };
}

describe('reading a damaged store', () => {
  it('detects a flipped byte in a blob by its sha256', async () => {
    const { store, live } = await published('flip');
    const ref = live.manifest.items.index.lists[1]!.shard;
    const bytes = await store.get(ref.key);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0x01;
    await store.put(ref.key, bytes);
    await expect(readBlob(store, ref)).rejects.toMatchObject({ kind: 'corrupt', key: ref.key });
    await expect(verifyManifestBlobs(store, live.manifest)).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('detects a truncated blob by its size', async () => {
    const { store, live } = await published('truncate');
    const ref = live.manifest.fallback;
    await store.put(ref.key, (await store.get(ref.key)).subarray(0, 10));
    await expect(readBlob(store, ref)).rejects.toMatchObject({
      kind: 'corrupt',
      message: expect.stringMatching(/10 bytes/),
    });
  });

  it('detects a manifest edited after publishing by the pointer checksum', async () => {
    const { store, live } = await published('edit');
    const text = new TextDecoder()
      .decode(await store.get(live.key))
      .replace('"ndcg@10":0.4', '"ndcg@10":0.9');
    await store.put(live.key, new TextEncoder().encode(text));
    await expect(readCurrent(store)).rejects.toMatchObject({ kind: 'corrupt', key: live.key });
  });

  it('reports a pointer that is not valid JSON as corrupt', async () => {
    const { store } = await published('pointer');
    await store.put(CURRENT_POINTER_KEY, new TextEncoder().encode('{"version":'));
    await expect(readCurrent(store)).rejects.toMatchObject({ kind: 'corrupt', key: CURRENT_POINTER_KEY });
  });

  it('returns null before the first publish', async () => {
    expect(await readCurrent(new MemoryStore('empty'))).toBeNull();
  });
});
