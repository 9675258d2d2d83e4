/**
 * The published versions in a store, oldest first by `createdAt` (then version), each with
 * whether its manifest could be read. Retention and rollback both order versions this way.
 */
import { isAppError } from '#shared/errors';
import { CURRENT_POINTER_KEY, MANIFEST_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { type LoadedManifest, readManifest } from './read.ts';

export interface VersionEntry {
  version: string;
  key: string;
  /** The parsed manifest, or null when it could not be read (then `error` says why). */
  loaded: LoadedManifest | null;
  error?: string;
}

const MANIFEST_KEY = /^manifests\/([\w.-]+)\.json$/;

/**
 * Every `manifests/<version>.json` (not the pointer), readable ones sorted by creation time,
 * unreadable ones (corrupt, vanished) last.
 *
 * @example
 * const versions = await listVersions(store); // versions.at(-1) is the newest readable
 */
export async function listVersions(store: BlobStore): Promise<VersionEntry[]> {
  const entries: VersionEntry[] = [];
  for (const { key } of await store.list(MANIFEST_PREFIX)) {
    const version = MANIFEST_KEY.exec(key)?.[1];
    if (key === CURRENT_POINTER_KEY || version === undefined) continue;
    try {
      entries.push({ version, key, loaded: await readManifest(store, version) });
    } catch (error) {
      // Damaged or deleted meanwhile: listed as unreadable. Anything else (storage outage) is
      // not a fact about the manifest and propagates.
      if (!isAppError(error) || (error.kind !== 'corrupt' && error.kind !== 'not_found')) throw error;
      entries.push({ version, key, loaded: null, error: error.message });
    }
  }
  const time = (e: VersionEntry) =>
    e.loaded === null ? Number.POSITIVE_INFINITY : Date.parse(e.loaded.manifest.createdAt);
  return entries.sort(
    (a, b) => time(a) - time(b) || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0),
  );
}
