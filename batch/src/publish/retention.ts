/**
 * Retention and blob garbage collection.
 *
 * Manifests: keep the `keep` newest versions by `createdAt`, plus the current one whatever its
 * age (after a rollback it may be old), plus any manifest that cannot be read (we cannot know
 * its blobs, so we do not guess). The others are deleted, manifest first.
 *
 * Blobs — the rule that keeps GC from deleting a blob a kept manifest lists (or the imported
 * catalogue, catalogues/current.json, names):
 *   1. GC lists `blobs/` BEFORE it reads the manifests. A blob written after that listing is
 *      never a candidate; a blob in the listing is deleted only if no manifest present at read
 *      time lists it. Manifests are written before the pointer, so the version being published
 *      and every kept one are seen.
 *   2. GC does nothing while a publish is in flight: it reads `state/publishing/` first and again
 *      before every batch of deletes, and stops at the first fresh marker (one older than
 *      `staleAfterMs` is treated as a crashed publish). This covers a publish that reuses an
 *      existing blob (content-addressed dedup) before its manifest exists.
 *   3. The publisher re-checks every listed blob after writing its manifest and before the flip
 *      (publish.ts), so a deletion that still slips between (2)'s checks makes the publish fail
 *      with `current` unchanged, never a live manifest with a missing blob.
 * The remaining window — a publish that starts, dedups, writes and verifies entirely inside one
 * delete batch of a GC that checked markers just before — is closed operationally: the
 * pipeline runs GC itself right after its own flip, and the CronJob forbids concurrent runs.
 * (Blob ages would close it too, but `BlobStore.list` does not report modification times.)
 */
import { isAppError, unwrap } from '#shared/errors';
import {
  CATALOGUE_POINTER_KEY,
  CataloguePointer,
  decodeJson,
  PUBLISHING_PREFIX,
  PublishMarker,
} from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';
import { BLOB_PREFIX } from './blobs.ts';
import { readPointer } from './read.ts';
import { manifestBlobRefs } from './refs.ts';
import { listVersions } from './versions.ts';

export interface RetentionOptions {
  /** Versions to keep (≥ 1), besides the current one. */
  keep: number;
  /** A publish marker older than this is a crashed publish and ignored (default 1 h). */
  staleAfterMs?: number;
  /** Deletes between re-checks of the publish markers (default 100). */
  batchSize?: number;
  now?: () => Date;
  dryRun?: boolean;
}

export interface RetentionResult {
  kept: string[];
  deletedVersions: string[];
  deletedBlobs: number;
  freedBytes: number;
  /** Set when GC stopped early (or never started) and why. */
  skipped?: string;
}

/** The version of a fresh publish marker, or null when none is in flight. */
async function publishInFlight(store: BlobStore, now: Date, staleAfterMs: number): Promise<string | null> {
  for (const { key } of await store.list(PUBLISHING_PREFIX)) {
    let startedAt = Number.NaN;
    try {
      const marker = unwrap(decodeJson(await store.get(key), PublishMarker, 'publish marker', key));
      startedAt = Date.parse(marker.startedAt);
    } catch (error) {
      if (isAppError(error) && error.kind === 'not_found') continue; // finished meanwhile
      // An unreadable marker counts as fresh: being wrong here only postpones GC.
      return key;
    }
    if (now.getTime() - startedAt < staleAfterMs) return key;
  }
  return null;
}

/**
 * Deletes old versions and the blobs no remaining manifest lists (rules above).
 *
 * @example
 * const r = await applyRetention(store, { keep: 5 }); // r.deletedVersions, r.freedBytes
 */
export async function applyRetention(store: BlobStore, options: RetentionOptions): Promise<RetentionResult> {
  const now = options.now ?? (() => new Date());
  const staleAfterMs = options.staleAfterMs ?? 3_600_000;
  const batchSize = options.batchSize ?? 100;
  const result: RetentionResult = { kept: [], deletedVersions: [], deletedBlobs: 0, freedBytes: 0 };
  const busy = await publishInFlight(store, now(), staleAfterMs);
  if (busy !== null) return { ...result, skipped: `publish in progress (${busy})` };

  const pointer = await readPointer(store);
  const versions = await listVersions(store);
  const readable = versions.filter((v) => v.loaded !== null);
  const newest = new Set(readable.slice(-Math.max(1, options.keep)).map((v) => v.version));
  for (const v of versions) {
    if (v.loaded === null || newest.has(v.version) || v.version === pointer?.version) {
      result.kept.push(v.version);
    } else {
      if (!options.dryRun) await store.delete(v.key);
      result.deletedVersions.push(v.version);
    }
  }

  // Rule 1: list blobs first, then read every manifest still present.
  const blobs = await store.list(BLOB_PREFIX);
  const live = new Set<string>();
  for (const v of await listVersions(store)) {
    if (v.loaded === null)
      return { ...result, skipped: `manifest ${v.key} unreadable (${v.error}); blobs kept` };
    for (const key of manifestBlobRefs(v.loaded.manifest).keys()) live.add(key);
  }
  const imported = await importedCatalogueBlob(store);
  if (imported === undefined)
    return { ...result, skipped: `${CATALOGUE_POINTER_KEY} unreadable; blobs kept` };
  if (imported !== null) live.add(imported);
  const garbage = blobs.filter((b) => !live.has(b.key));
  for (let i = 0; i < garbage.length; i++) {
    if (i % batchSize === 0) {
      const again = await publishInFlight(store, now(), staleAfterMs);
      if (again !== null) return { ...result, skipped: `publish started during GC (${again})` };
    }
    const blob = garbage[i] as (typeof garbage)[number];
    if (!options.dryRun) await store.delete(blob.key);
    result.deletedBlobs++;
    result.freedBytes += blob.size;
  }
  return result;
}

/**
 * The blob `vitrine catalogue import` published (catalogues/current.json), which the next
 * pipeline run trains with even before any manifest lists it; null without an import,
 * undefined when the pointer cannot be read (GC then keeps every blob, as for a bad manifest).
 */
async function importedCatalogueBlob(store: BlobStore): Promise<string | null | undefined> {
  // An outage throws: it fails GC like every other read here.
  const bytes = await getIfPresent(store, CATALOGUE_POINTER_KEY);
  if (bytes === null) return null;
  const pointer = decodeJson(bytes, CataloguePointer, 'catalogue pointer', CATALOGUE_POINTER_KEY);
  return pointer.ok ? pointer.value.catalogue.key : undefined;
}
