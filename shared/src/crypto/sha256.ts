/**
 * SHA-256 of blobs via WebCrypto, so the batch publisher (Node) and the edge (workerd) compute
 * and verify manifest checksums with the very same primitive.
 */
import { AppError, err, ok, type Result } from '#shared/errors';
import { subtle } from './web.ts';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] as number];
  return s;
}

/**
 * Lower-case hex SHA-256 of `bytes` (64 characters).
 *
 * @example
 * await sha256Hex(new TextEncoder().encode('abc'));
 * // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await subtle().digest('SHA-256', bytes);
  return toHex(new Uint8Array(digest));
}

/**
 * Checks `bytes` against an expected hex SHA-256 (case-insensitive). A mismatch, or an expected
 * value that is not 64 hex characters, is an `AppError('corrupt')` naming both digests.
 *
 * @example
 * const r = await verifySha256(blob, manifest.sha256);
 * if (!r.ok) return r; // corrupt: "sha256 mismatch: expected …, got …"
 */
export async function verifySha256(
  bytes: Uint8Array,
  expectedHex: string,
  key?: string,
): Promise<Result<void>> {
  const expected = expectedHex.toLowerCase();
  const where = key === undefined ? '' : ` for ${key}`;
  if (!/^[0-9a-f]{64}$/.test(expected)) {
    return err(
      new AppError('corrupt', `expected sha256${where} is not 64 hex characters: "${expectedHex}"`, {
        key,
      }),
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expected) {
    return err(
      new AppError(
        'corrupt',
        `sha256 mismatch${where}: expected ${expected}, got ${actual} (${bytes.length} bytes)`,
        { key },
      ),
    );
  }
  return ok(undefined);
}
