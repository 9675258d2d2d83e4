/**
 * Reads the live model's manifest from the origin: `manifests/current.json` (the pointer,
 * mutable, tiny), then the immutable `manifests/<version>.json` it names, checked against the
 * pointer's sha256 and the `ManifestHead` schema (the whole `Manifest` but for the IVF list refs,
 * which the search checks one by one as it first reads them: see `ManifestHead`), plus the
 * cross-field facts the serving path relies on (one shard per bucket, lists non-empty). Every
 * failure is an `AppError`.
 */

import type { z } from 'zod';
import { verifySha256 } from '#shared/crypto';
import { AppError, unwrap } from '#shared/errors';
import { decodeJson } from '#shared/schemas/decode';
import { CURRENT_POINTER_KEY, CurrentPointer, type Manifest, ManifestHead } from '#shared/schemas/manifest';
import type { BlobOrigin } from '../blobs/origin.ts';

export interface LoadedManifest {
  pointer: CurrentPointer;
  manifest: Manifest;
}

function parse<S extends z.ZodType>(bytes: Uint8Array, schema: S, key: string): z.output<S> {
  return unwrap(decodeJson(bytes, schema, key, key));
}

/** Facts the schema cannot express but the edge assumes; a violation is a corrupt manifest. */
function checkConsistency(m: Manifest, key: string): void {
  const problems: string[] = [];
  if (m.users.shards.length !== m.users.shardCount) problems.push('users.shards.length ≠ users.shardCount');
  if (m.items.byId.shards.length !== m.items.byId.shardCount) {
    problems.push('items.byId.shards.length ≠ items.byId.shardCount');
  }
  if (m.items.index.lists.length === 0) problems.push('items.index.lists is empty');
  if (problems.length > 0)
    throw new AppError('corrupt', `${key} is inconsistent: ${problems.join('; ')}`, { key });
}

/**
 * The pointer in `manifests/current.json`.
 *
 * @example
 * const pointer = await readPointer(origin); // { version: '2026…', sha256: '…', … }
 */
export async function readPointer(origin: BlobOrigin): Promise<CurrentPointer> {
  return parse(await origin.get(CURRENT_POINTER_KEY), CurrentPointer, CURRENT_POINTER_KEY);
}

/**
 * The manifest `pointer` names, verified against the pointer's sha256: bytes that do not match it
 * are rejected before they are parsed.
 *
 * @example
 * const { manifest } = await readManifest(origin, pointer);
 */
export async function readManifest(origin: BlobOrigin, pointer: CurrentPointer): Promise<LoadedManifest> {
  const key = pointer.manifestKey;
  const bytes = await origin.get(key);
  const verified = await verifySha256(bytes, pointer.sha256, key);
  if (!verified.ok) throw verified.error;
  const manifest: Manifest = parse(bytes, ManifestHead, key);
  if (manifest.version !== pointer.version) {
    throw new AppError('corrupt', `${key} has version ${manifest.version}, pointer says ${pointer.version}`, {
      key,
    });
  }
  checkConsistency(manifest, key);
  return { pointer, manifest };
}
