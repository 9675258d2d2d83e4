/**
 * Expiry of kept model versions that hold deleted users: a version whose user shards contain a
 * deleted subject is removed (manifest first, so `rollback` can no longer reach it), then the
 * blobs only expired versions listed are deleted. Kept versions exist for rollback; a rollback
 * must never bring a deleted person's vector back.
 *
 * Which version holds whom is read, not guessed: a subject's bucket is `bucketOf(key, count)`,
 * the same rule the edge uses, so each check decodes exactly one user shard. A version whose
 * shard cannot be read or decoded is expired too: it cannot be shown not to hold the subject.
 *
 * Unlike retention GC (publish/retention.ts), this deletes the expired versions' blobs even
 * while some other manifest is unreadable: an unreadable manifest cannot be rolled back to, and
 * leaving a deleted person's vector in the bucket is the worse failure. It runs right after the
 * pipeline's own publish; the CronJob forbids concurrent runs.
 */
import { decodeShard } from '#shared/codec';
import { isAppError } from '#shared/errors';
import type { Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import type { BlobStore } from '#shared/storage';
import { readBlob } from '../publish/read.ts';
import { manifestBlobRefs } from '../publish/refs.ts';
import { listVersions } from '../publish/versions.ts';

export interface ExpiryResult {
  expiredVersions: string[];
  deletedBlobs: number;
  freedBytes: number;
}

/** True when one of `keys` has a row in the manifest's user shards (or a shard is unreadable). */
async function holdsAny(store: BlobStore, manifest: Manifest, keys: readonly string[]): Promise<boolean> {
  const { shardCount, shards } = manifest.users;
  const ids = new Map<number, Set<string> | null>();
  for (const key of keys) {
    const b = bucketOf(key, shardCount);
    if (!ids.has(b)) {
      const ref = shards[b];
      let table: Set<string> | null = null;
      try {
        const decoded = ref === undefined ? null : decodeShard(await readBlob(store, ref));
        table = decoded?.ok ? new Set(decoded.value.ids) : null;
      } catch (error) {
        if (!isAppError(error)) throw error;
      }
      ids.set(b, table);
    }
    const table = ids.get(b);
    if (table === null || table?.has(key)) return true;
  }
  return false;
}

/**
 * Expires every kept version but `keep` whose user shards hold one of `keys`.
 *
 * @example
 * await expireVersionsHolding(store, ['u-42', 'session:s-9'], summary.version);
 */
export async function expireVersionsHolding(
  store: BlobStore,
  keys: readonly string[],
  keep: string,
): Promise<ExpiryResult> {
  const result: ExpiryResult = { expiredVersions: [], deletedBlobs: 0, freedBytes: 0 };
  if (keys.length === 0) return result;
  const expired: Manifest[] = [];
  const remaining: Manifest[] = [];
  for (const v of await listVersions(store)) {
    if (v.loaded === null) continue;
    const { manifest } = v.loaded;
    if (v.version !== keep && (await holdsAny(store, manifest, keys))) {
      await store.delete(v.key);
      expired.push(manifest);
      result.expiredVersions.push(v.version);
    } else {
      remaining.push(manifest);
    }
  }
  const live = new Set<string>();
  for (const m of remaining) for (const key of manifestBlobRefs(m).keys()) live.add(key);
  const doomed = new Map<string, number>();
  for (const m of expired)
    for (const ref of manifestBlobRefs(m).values()) if (!live.has(ref.key)) doomed.set(ref.key, ref.size);
  for (const [key, size] of doomed) {
    try {
      await store.delete(key);
    } catch (error) {
      if (!isAppError(error) || error.kind !== 'not_found') throw error;
      continue;
    }
    result.deletedBlobs++;
    result.freedBytes += size;
  }
  return result;
}
