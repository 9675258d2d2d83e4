import { describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { beginPublish, publish } from '../../../batch/src/publish/publish.ts';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { manifestBlobRefs } from '../../../batch/src/publish/refs.ts';
import { applyRetention } from '../../../batch/src/publish/retention.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { listVersions } from '../../../batch/src/publish/versions.ts';
import { manifestBody } from '../../support/publish-fixture.ts';
import { expectConsistent, ticking } from './support.ts';

/** v1..v4, each with its own user shards; item blobs are shared by all four. */
async function fourVersions(name: string) {
  const store = new MemoryStore(name);
  const now = ticking();
  for (let v = 1; v <= 4; v++)
    await publish(store, (put) => manifestBody(put, { variant: v }), { version: `v${v}`, now });
  return { store, now };
}

async function blobKeys(store: MemoryStore): Promise<Set<string>> {
  return new Set((await store.list('blobs/')).map((b) => b.key));
}

describe('applyRetention', () => {
  it('keeps the newest versions and deletes exactly the blobs no kept manifest lists', async () => {
    const { store } = await fourVersions('keep-2');
    const before = await blobKeys(store);
    const result = await applyRetention(store, { keep: 2 });
    expect(result.kept).toEqual(['v3', 'v4']);
    expect(result.deletedVersions).toEqual(['v1', 'v2']);
    const live = new Set<string>();
    for (const v of await listVersions(store))
      for (const k of manifestBlobRefs(v.loaded!.manifest).keys()) live.add(k);
    const after = await blobKeys(store);
    expect(after).toEqual(live);
    expect(result.deletedBlobs).toBe(before.size - after.size);
    expect(result.deletedBlobs).toBeGreaterThan(0);
    await expectConsistent(store);
  });

  it('never deletes the current version, even when it is the oldest after a rollback', async () => {
    const { store } = await fourVersions('keep-current');
    await rollback(store, { version: 'v1' });
    const result = await applyRetention(store, { keep: 1 });
    expect(result.kept.sort()).toEqual(['v1', 'v4']);
    expect(await expectConsistent(store)).toBe('v1');
  });

  it('does nothing while a publish is in flight, and ignores a stale marker', async () => {
    const { store, now } = await fourVersions('in-flight');
    const session = await beginPublish(store, { version: 'v5', now });
    // The new version reuses existing item blobs (dedup) before its manifest exists.
    const body = await manifestBody(session.putBlob, { variant: 1 });
    const busy = await applyRetention(store, { keep: 1, now });
    expect(busy.skipped).toMatch(/publish in progress/);
    expect(busy.deletedBlobs + busy.deletedVersions.length).toBe(0);
    await session.commit(body);
    expect(await expectConsistent(store)).toBe('v5');

    // A publisher that crashed a day ago: its marker is stale and no longer blocks GC.
    await beginPublish(store, { version: 'v6', now: () => new Date('2025-12-31T00:00:00Z') });
    const later = await applyRetention(store, { keep: 1, now });
    expect(later.skipped).toBeUndefined();
    expect(later.kept).toEqual(['v5']);
    expect(await expectConsistent(store)).toBe('v5');
  });

  it('stops deleting when a publish starts in the middle of a GC', async () => {
    const { store, now } = await fourVersions('mid-gc');
    let started = false;
    const racing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'delete') {
          return async (key: string) => {
            if (key.startsWith('blobs/') && !started) {
              started = true;
              await beginPublish(store, { version: 'v9', now });
            }
            return target.delete(key);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const result = await applyRetention(racing, { keep: 1, batchSize: 1, now });
    expect(result.skipped).toMatch(/publish started during GC/);
    expect(result.deletedBlobs).toBe(1);
    await expectConsistent(store);
  });

  it('keeps an unreadable manifest and every blob when a manifest cannot be read', async () => {
    const { store } = await fourVersions('corrupt-manifest');
    await store.put('manifests/v2.json', new TextEncoder().encode('{"not":"a manifest"}'));
    const before = await blobKeys(store);
    const result = await applyRetention(store, { keep: 1 });
    expect(result.kept).toContain('v2');
    expect(result.skipped).toMatch(/unreadable/);
    expect(await blobKeys(store)).toEqual(before);
    expect((await readCurrent(store))?.pointer.version).toBe('v4');
  });

  it('reports but deletes nothing in a dry run', async () => {
    const { store } = await fourVersions('dry');
    const before = (await store.list('')).length;
    const result = await applyRetention(store, { keep: 1, dryRun: true });
    expect(result.deletedVersions).toEqual(['v1', 'v2', 'v3']);
    expect((await store.list('')).length).toBe(before);
  });
});
