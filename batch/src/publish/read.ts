/**
 * Reading what the publisher wrote, trusting nothing: the pointer and manifests are parsed with
 * their zod schemas, the manifest's bytes are checked against the pointer's sha256, and every
 * blob against its manifest entry (size, then sha256). Damage of any kind is an
 * `AppError('corrupt')` naming the key; a missing object is `not_found`.
 */

import type { z } from 'zod';
import { sha256Hex, verifySha256 } from '#shared/crypto';
import { AppError, unwrap } from '#shared/errors';
import {
  type BlobRef,
  CURRENT_POINTER_KEY,
  CurrentPointer,
  decodeJson,
  Manifest,
  manifestKey,
} from '#shared/schemas';
import { type BlobStore, getIfPresent } from '#shared/storage';
import { manifestBlobRefs } from './refs.ts';

function parseJson<S extends z.ZodType>(
  bytes: Uint8Array,
  schema: S,
  key: string,
  what: string,
): z.output<S> {
  return unwrap(decodeJson(bytes, schema, `${what} ${key}`, key));
}

/** The current pointer, or null before the first publish. */
export async function readPointer(store: BlobStore): Promise<CurrentPointer | null> {
  const bytes = await getIfPresent(store, CURRENT_POINTER_KEY);
  return bytes === null ? null : parseJson(bytes, CurrentPointer, CURRENT_POINTER_KEY, 'pointer');
}

export interface LoadedManifest {
  manifest: Manifest;
  /** sha256 of the manifest document's bytes (what a pointer to it must carry). */
  sha256: string;
  key: string;
}

/**
 * Reads `manifests/<version>.json`; with `expectedSha256` its bytes must match it.
 *
 * @example
 * const { manifest } = await readManifest(store, 'v20260101T000000Z-ab12cd');
 */
export async function readManifest(
  store: BlobStore,
  version: string,
  expectedSha256?: string,
): Promise<LoadedManifest> {
  const key = manifestKey(version);
  const bytes = await store.get(key);
  const sha256 = await sha256Hex(bytes);
  if (expectedSha256 !== undefined && sha256 !== expectedSha256.toLowerCase()) {
    throw new AppError(
      'corrupt',
      `sha256 mismatch for ${key}: the pointer says ${expectedSha256}, got ${sha256}`,
      {
        key,
      },
    );
  }
  const manifest = parseJson(bytes, Manifest, key, 'manifest');
  if (manifest.version !== version) {
    throw new AppError('corrupt', `manifest ${key} says it is version ${manifest.version}`, { key });
  }
  return { manifest, sha256, key };
}

/**
 * The live pointer and its manifest (checksum-verified), or null before the first publish.
 *
 * @example
 * const live = await readCurrent(store); // live?.manifest.version
 */
export async function readCurrent(
  store: BlobStore,
): Promise<(LoadedManifest & { pointer: CurrentPointer }) | null> {
  const pointer = await readPointer(store);
  if (pointer === null) return null;
  if (pointer.manifestKey !== manifestKey(pointer.version)) {
    throw new AppError('corrupt', `pointer names ${pointer.manifestKey} for version ${pointer.version}`, {
      key: CURRENT_POINTER_KEY,
    });
  }
  return { pointer, ...(await readManifest(store, pointer.version, pointer.sha256)) };
}

/**
 * A blob's bytes, verified against its manifest entry (size, then sha256).
 *
 * @example
 * const shard = decodeShard(await readBlob(store, manifest.items.index.centroids));
 */
export async function readBlob(store: BlobStore, ref: BlobRef): Promise<Uint8Array> {
  const bytes = await store.get(ref.key);
  if (bytes.length !== ref.size) {
    throw new AppError(
      'corrupt',
      `blob ${ref.key} has ${bytes.length} bytes, the manifest says ${ref.size}`,
      {
        key: ref.key,
      },
    );
  }
  const check = await verifySha256(bytes, ref.sha256, ref.key);
  if (!check.ok) throw check.error;
  return bytes;
}

/**
 * Reads and verifies every blob `manifest` lists; resolves with their count and total bytes.
 *
 * @example
 * await verifyManifestBlobs(store, live.manifest); // throws AppError('corrupt') on damage
 */
export async function verifyManifestBlobs(
  store: BlobStore,
  manifest: Manifest,
): Promise<{ blobs: number; bytes: number }> {
  let bytes = 0;
  const refs = [...manifestBlobRefs(manifest).values()];
  for (const ref of refs) bytes += (await readBlob(store, ref)).length;
  return { blobs: refs.length, bytes };
}
