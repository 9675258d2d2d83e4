/**
 * Content-addressed upload: `blobs/<sha256>` of the bytes, so a creative or model is immutable,
 * cacheable forever, and shared between manifest versions when unchanged.
 */
import { sha256Hex } from '#shared/crypto';
import type { BlobRef } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';

/**
 * Stores `bytes` under their digest and returns the manifest reference. An existing blob of the
 * same size is not uploaded again (same key ⇒ same content).
 *
 * @example
 * const ref = await putContentAddressed(store, png, 'image/png'); // { key: 'blobs/9f…', sha256, size }
 */
export async function putContentAddressed(
  store: BlobStore,
  bytes: Uint8Array,
  contentType: string,
): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  const key = `blobs/${sha256}`;
  const exists = await store.head(key).then(
    (info) => info.size === bytes.length,
    () => false,
  );
  if (!exists) await store.put(key, bytes, { contentType });
  return { key, sha256, size: bytes.length };
}
