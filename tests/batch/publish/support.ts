/** Helpers shared by the publish tests: store copies and "is this store consistent" checks. */
import { expect } from 'vitest';
import { type BlobStore, MemoryStore } from '#shared/storage';
import { readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { listVersions } from '../../../batch/src/publish/versions.ts';

/** A deep copy of every blob of `from`, in a new memory store. */
export async function copyStore(from: BlobStore, name: string): Promise<MemoryStore> {
  const to = new MemoryStore(name);
  for (const { key } of await from.list('')) await to.put(key, await from.get(key));
  return to;
}

/** A clock that starts at `start` and advances one second per call. */
export function ticking(start = Date.parse('2026-01-01T00:00:00Z')): () => Date {
  let t = start;
  return () => {
    t += 1000;
    return new Date(t);
  };
}

/**
 * Asserts that `current` is readable with a verified manifest whose blobs all verify, and that
 * every other readable manifest's blobs are present and intact too. Returns the live version.
 */
export async function expectConsistent(store: BlobStore): Promise<string> {
  const live = await readCurrent(store);
  expect(live).not.toBeNull();
  await verifyManifestBlobs(store, live!.manifest);
  for (const v of await listVersions(store)) {
    if (v.loaded !== null) await verifyManifestBlobs(store, v.loaded.manifest);
  }
  return live!.manifest.version;
}
