/**
 * Making a manifest the live model in a test's bucket the way the batch publisher does: the
 * manifest under its version first, then `manifests/current.json` pointing at it (with the
 * manifest's sha256), so a reader never sees a pointer to a manifest that is not there yet.
 * Used by the workerd tests (the R2 binding) and any other bucket with a `put`.
 */
import { sha256Hex } from '#shared/crypto';
import { CURRENT_POINTER_KEY, type Manifest, manifestKey } from '#shared/schemas';

/** What a test writes to: the R2 binding, or any store with its `put`. */
export interface PutTarget {
  put(key: string, value: Uint8Array | string): Promise<unknown>;
}

/**
 * Writes manifest `bytes` as `version` and points current.json at them; `sha256` overrides the
 * pointer's digest (a test of a pointer that does not match its manifest).
 */
export async function putLiveBytes(
  bucket: PutTarget,
  version: string,
  bytes: Uint8Array,
  sha256?: string,
): Promise<void> {
  const key = manifestKey(version);
  await bucket.put(key, bytes);
  const pointer = {
    version,
    manifestKey: key,
    sha256: sha256 ?? (await sha256Hex(bytes)),
    publishedAt: new Date().toISOString(),
  };
  await bucket.put(CURRENT_POINTER_KEY, JSON.stringify(pointer));
}

/**
 * Publishes `manifest` as the live version (manifest, then pointer).
 *
 * @example
 * await goLive(env.BUCKET, { ...manifest, version: 'v2' });
 */
export function goLive(bucket: PutTarget, manifest: Manifest): Promise<void> {
  return putLiveBytes(bucket, manifest.version, new TextEncoder().encode(JSON.stringify(manifest)));
}
