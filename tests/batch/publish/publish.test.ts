import { describe, expect, it } from 'vitest';
import { decodeShard } from '#shared/codec';
import { CURRENT_POINTER_KEY, PUBLISHING_PREFIX } from '#shared/schemas';
import { type BlobStore, MemoryStore } from '#shared/storage';
import { beginPublish, publish } from '../../../batch/src/publish/publish.ts';
import { readBlob, readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { manifestBlobRefs } from '../../../batch/src/publish/refs.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { manifestBody } from '../../support/publish-fixture.ts';
import { useS3rver } from '../../support/s3rver.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { FaultyStore } from './faulty-store.ts';
import { ticking } from './support.ts';

async function publishTwice(store: BlobStore) {
  const now = ticking();
  const first = await publish(store, (put) => manifestBody(put), { version: 'v1', now });
  const second = await publish(store, (put) => manifestBody(put, { variant: 1 }), { version: 'v2', now });
  return { first, second };
}

async function expectRoundTrip(store: BlobStore) {
  const { first, second } = await publishTwice(store);
  const live = await readCurrent(store);
  expect(live?.pointer.version).toBe('v2');
  expect(live?.pointer.sha256).toBe(second.manifestSha256);
  const { blobs } = await verifyManifestBlobs(store, live!.manifest);
  expect(blobs).toBe(manifestBlobRefs(live!.manifest).size);
  // A shard read back through the manifest decodes.
  const ref = live!.manifest.items.index.lists[0]!.shard;
  expect(decodeShard(await readBlob(store, ref)).ok).toBe(true);
  // Unchanged artifacts (everything but user shards) are shared, not rewritten.
  expect(second.blobs.skipped).toBeGreaterThan(0);
  expect(second.blobs.written).toBeLessThan(first.blobs.written);
  expect(await store.list(PUBLISHING_PREFIX)).toEqual([]);
}

describe('publish', () => {
  const dir = useTempDir('vitrine-publish-');
  const s3 = useS3rver();

  it('publishes to a file:// store and reads back a verified manifest', async () => {
    await expectRoundTrip(openStore(`file://${dir()}`));
  });

  it('publishes to a real S3-protocol server', async () => {
    await expectRoundTrip(openStore(s3.uri('models')));
  });

  it('writes blobs, then the manifest, then the pointer last', async () => {
    const store = new FaultyStore(new MemoryStore('order'), 0);
    await publish(store, (put) => manifestBody(put), { version: 'v1' });
    const puts = store.log.filter((l) => l.startsWith('put ')).map((l) => l.slice(4));
    expect(puts[0]).toBe('state/publishing/v1.json');
    const manifestAt = puts.indexOf('manifests/v1.json');
    expect(puts.slice(1, manifestAt).every((k) => k.startsWith('blobs/'))).toBe(true);
    expect(puts.at(-1)).toBe(CURRENT_POINTER_KEY);
    expect(puts.indexOf(CURRENT_POINTER_KEY)).toBe(manifestAt + 1);
    expect(store.log.at(-1)).toBe('delete state/publishing/v1.json');
  });

  it('rejects a manifest that fails its schema and leaves current alone', async () => {
    const store = new MemoryStore('invalid');
    await publish(store, (put) => manifestBody(put), { version: 'v1' });
    const attempt = publish(
      store,
      async (put) => ({ ...(await manifestBody(put)), fallback: { key: 'nope', sha256: 'x', size: -1 } }),
      { version: 'v2' },
    );
    await expect(attempt).rejects.toMatchObject({ kind: 'invalid_argument' });
    expect((await readCurrent(store))?.pointer.version).toBe('v1');
    expect(await store.list(PUBLISHING_PREFIX)).toEqual([]);
  });

  it('refuses to overwrite an existing version', async () => {
    const store = new MemoryStore('immutable');
    await publish(store, (put) => manifestBody(put), { version: 'v1' });
    await expect(
      publish(store, (put) => manifestBody(put, { variant: 2 }), { version: 'v1' }),
    ).rejects.toMatchObject({
      kind: 'precondition_failed',
    });
  });

  it('does not make current a manifest whose blob vanished before the flip', async () => {
    const store = new MemoryStore('vanished');
    await publish(store, (put) => manifestBody(put), { version: 'v1' });
    const session = await beginPublish(store, { version: 'v2' });
    const body = await manifestBody(session.putBlob, { variant: 3 });
    await store.delete(body.users.shards[0]!.key); // e.g. a racing garbage collector
    await expect(session.commit(body)).rejects.toMatchObject({ kind: 'precondition_failed' });
    expect((await readCurrent(store))?.pointer.version).toBe('v1');
  });
});
