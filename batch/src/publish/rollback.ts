/**
 * `vitrine rollback [version]`: makes an already-published version live again by rewriting
 * only the pointer (blobs and manifests are immutable, so this is instant and reversible).
 * Without a version it goes to the newest kept version created before the live one. The target
 * must be readable and every blob it lists present at its size before the pointer moves.
 *
 * Repair: when the live state is unreadable (a truncated pointer, a checksum that does not
 * match, a live manifest that no longer reads, a pointer deleted while manifests are kept)
 * there is no "live" to step back from, so rollback rebuilds the pointer: to the named
 * version, else to the version the damaged pointer still names if that part of it survived and
 * is complete, else to the newest complete kept version. Refusing to run here would leave the
 * operator without a tool to fix the one file whose damage blocks every publish.
 */
import { AppError, isAppError } from '#shared/errors';
import { CURRENT_POINTER_KEY, type CurrentPointer, pointerHot } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { sizeOf } from './blobs.ts';
import { type LoadedManifest, readCurrent, verifyManifestBlobs } from './read.ts';
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
  /** Set when the live state was unreadable and rollback rebuilt the pointer: what was wrong. */
  repaired?: string;
}

interface Kept {
  version: string;
  loaded: LoadedManifest;
}

interface Live {
  version: string | null;
  /** Why the live state is unusable (null when it read fine or the store has no pointer). */
  damage: string | null;
  /** A version the damaged pointer's surviving text still names. */
  hint: string | null;
}

/**
 * Flips `manifests/current.json` to an earlier (or the named) version, or repairs it.
 *
 * @throws AppError('not_found') when there is no such / no earlier / no complete version;
 *   AppError('corrupt') or ('precondition_failed') when the target is damaged or incomplete.
 * @example
 * await rollback(store);                       // one version back (or a repair of a bad pointer)
 * await rollback(store, { version: 'v2026…' }); // to a specific kept version
 */
export async function rollback(store: BlobStore, options: RollbackOptions = {}): Promise<RollbackResult> {
  const now = options.now ?? (() => new Date());
  const live = await readLive(store);
  const versions: Kept[] = [];
  for (const v of await listVersions(store)) if (v.loaded !== null) versions.push({ ...v, loaded: v.loaded });
  if (live.version === null && live.damage === null && versions.length > 0) {
    live.damage = `${CURRENT_POINTER_KEY} is missing while ${versions.length} version(s) are kept`;
  }
  const target = await pickTarget(store, versions, live, options.version);
  if (options.verify) await verifyManifestBlobs(store, target.loaded.manifest);
  else {
    const missing = await incomplete(store, target.loaded);
    if (missing !== null) throw new AppError('precondition_failed', missing.message, { key: missing.key });
  }
  const next: CurrentPointer = {
    version: target.version,
    manifestKey: target.loaded.key,
    sha256: target.loaded.sha256,
    publishedAt: now().toISOString(),
    hot: pointerHot(target.loaded.manifest),
  };
  await store.put(CURRENT_POINTER_KEY, new TextEncoder().encode(JSON.stringify(next)), {
    contentType: 'application/json',
  });
  return {
    from: live.version,
    to: target.version,
    pointer: next,
    ...(live.damage === null ? {} : { repaired: live.damage }),
  };
}

async function readLive(store: BlobStore): Promise<Live> {
  try {
    const current = await readCurrent(store);
    return { version: current?.manifest.version ?? null, damage: null, hint: null };
  } catch (error) {
    if (!isAppError(error) || (error.kind !== 'corrupt' && error.kind !== 'not_found')) throw error;
    let text = '';
    try {
      text = new TextDecoder().decode(await store.get(CURRENT_POINTER_KEY));
    } catch {
      // the pointer's bytes are gone too: no hint
    }
    const hint = /"version"\s*:\s*"([0-9A-Za-z][\w.-]{0,63})"/.exec(text)?.[1] ?? null;
    return { version: null, damage: error.message, hint };
  }
}

async function pickTarget(
  store: BlobStore,
  versions: Kept[],
  live: Live,
  wanted: string | undefined,
): Promise<Kept> {
  if (wanted !== undefined) {
    const named = versions.find((v) => v.version === wanted);
    if (named !== undefined) return named;
    const known = versions.map((v) => v.version).join(', ') || 'none';
    throw new AppError('not_found', `version ${wanted} is not a readable kept version (kept: ${known})`, {
      field: 'version',
    });
  }
  if (live.version === null) {
    // Repair (or a pointer deleted while versions are kept): the hint, else newest first.
    const hinted = versions.filter((v) => v.version === live.hint);
    for (const v of [...hinted, ...versions.slice().reverse()]) {
      if ((await incomplete(store, v.loaded)) === null) return v;
    }
    throw new AppError('not_found', 'no complete kept version to point the live pointer at');
  }
  const index = versions.findIndex((v) => v.version === live.version);
  const target = index > 0 ? versions[index - 1] : undefined;
  if (target === undefined) {
    throw new AppError('not_found', `no kept version older than ${live.version} to roll back to`);
  }
  return target;
}

/** The first blob the manifest lists that is missing or of the wrong size, or null. */
async function incomplete(
  store: BlobStore,
  loaded: LoadedManifest,
): Promise<{ key: string; message: string } | null> {
  for (const ref of manifestBlobRefs(loaded.manifest).values()) {
    const size = await sizeOf(store, ref.key);
    if (size !== ref.size) {
      const what = size === null ? 'missing' : `${size} bytes`;
      return {
        key: ref.key,
        message: `version ${loaded.manifest.version} is incomplete: ${ref.key} is ${what}`,
      };
    }
  }
  return null;
}
