/**
 * `vitrine rollback [version]`: makes an already-published version live again by rewriting
 * only the pointer (blobs and manifests are immutable, so this is instant and reversible).
 * Without a version it goes to the newest kept version created before the live one. The target
 * must be readable and every blob it lists present at its size before the pointer moves.
 */
import { AppError } from '#shared/errors';
import { CURRENT_POINTER_KEY, type CurrentPointer } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { sizeOf } from './blobs.ts';
import { readPointer, verifyManifestBlobs } from './read.ts';
import { manifestBlobRefs } from './refs.ts';
import { listVersions } from './versions.ts';

export interface RollbackOptions {
  /** Target version; default: the newest version older than the live one. */
  version?: string;
  /** Also read and sha256-check every blob of the target (slower; default: sizes only). */
  verify?: boolean;
  now?: () => Date;
}

export interface RollbackResult {
  from: string | null;
  to: string;
  pointer: CurrentPointer;
}

/**
 * Flips `manifests/current.json` to an earlier (or the named) version.
 *
 * @throws AppError('not_found') when there is no such / no earlier version;
 *   AppError('corrupt') or ('precondition_failed') when the target is damaged or incomplete.
 * @example
 * await rollback(store);                       // one version back
 * await rollback(store, { version: 'v2026…' }); // to a specific kept version
 */
export async function rollback(store: BlobStore, options: RollbackOptions = {}): Promise<RollbackResult> {
  const now = options.now ?? (() => new Date());
  const pointer = await readPointer(store);
  const versions = (await listVersions(store)).filter((v) => v.loaded !== null);
  let target = versions.find((v) => v.version === options.version);
  if (options.version === undefined) {
    const live = versions.findIndex((v) => v.version === pointer?.version);
    target = live > 0 ? versions[live - 1] : undefined;
    if (target === undefined) {
      throw new AppError(
        'not_found',
        `no kept version older than ${pointer?.version ?? '(none live)'} to roll back to`,
      );
    }
  } else if (target === undefined) {
    const known = versions.map((v) => v.version).join(', ') || 'none';
    throw new AppError(
      'not_found',
      `version ${options.version} is not a readable kept version (kept: ${known})`,
      {
        field: 'version',
      },
    );
  }
  const loaded = target.loaded as NonNullable<typeof target.loaded>;
  if (options.verify) {
    await verifyManifestBlobs(store, loaded.manifest);
  } else {
    for (const ref of manifestBlobRefs(loaded.manifest).values()) {
      const size = await sizeOf(store, ref.key);
      if (size !== ref.size) {
        throw new AppError(
          'precondition_failed',
          `version ${target.version} is incomplete: ${ref.key} is ${size === null ? 'missing' : `${size} bytes`}`,
          { key: ref.key },
        );
      }
    }
  }
  const next: CurrentPointer = {
    version: target.version,
    manifestKey: loaded.key,
    sha256: loaded.sha256,
    publishedAt: now().toISOString(),
  };
  await store.put(CURRENT_POINTER_KEY, new TextEncoder().encode(JSON.stringify(next)), {
    contentType: 'application/json',
  });
  return { from: pointer?.version ?? null, to: target.version, pointer: next };
}
