/**
 * Reading a manifest-listed blob from the bucket, checked before use: the size the manifest
 * states (refused up front when it exceeds the caller's budget) and the sha256 that names it.
 * Anything that does not match is `corrupt`, so a torn or tampered object never reaches
 * onnxruntime or a client.
 */
import { verifySha256 } from '#shared/crypto';
import { AppError } from '#shared/errors';
import type { BlobRef } from '#shared/schemas';
import type { BlobOrigin } from './origin.ts';

/**
 * The verified bytes of `ref`; `resource_exhausted` when `ref.size` exceeds `maxBytes`.
 *
 * @example
 * const onnx = await readVerified(store, manifest.generator.onnx, 32 << 20);
 */
export async function readVerified(
  source: BlobOrigin,
  ref: BlobRef,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  if (ref.size > maxBytes) {
    throw new AppError(
      'resource_exhausted',
      `${ref.key} is ${ref.size} bytes; this Worker loads at most ${maxBytes}`,
      {
        key: ref.key,
      },
    );
  }
  const bytes = await source.get(ref.key);
  if (bytes.length !== ref.size) {
    throw new AppError('corrupt', `${ref.key} is ${bytes.length} bytes, the manifest says ${ref.size}`, {
      key: ref.key,
    });
  }
  const verified = await verifySha256(bytes, ref.sha256, ref.key);
  if (!verified.ok) throw verified.error;
  return bytes;
}
