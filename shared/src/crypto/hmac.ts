/**
 * HMAC-SHA256 and a constant-time comparison, over WebCrypto (Node 20 and workerd alike): what
 * signed user tokens and the admin secret check are built on.
 */

interface SubtleHmac {
  importKey(
    format: 'raw',
    key: Uint8Array,
    algorithm: { name: 'HMAC'; hash: 'SHA-256' },
    extractable: false,
    usages: ['sign'],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): SubtleHmac {
  const s = (globalThis as { crypto?: { subtle?: SubtleHmac } }).crypto?.subtle;
  if (!s) throw new Error('WebCrypto crypto.subtle is not available in this runtime');
  return s;
}

// Node 20 and workerd both provide TextEncoder; shared/ has no platform types, so declare the slice used.
const Encoder = (globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } })
  .TextEncoder;
const utf8 = (text: string): Uint8Array => new Encoder().encode(text);

/**
 * HMAC-SHA256 of `message` under `secret` (both UTF-8), 32 bytes.
 *
 * @example
 * const mac = await hmacSha256('s3cret', 'v1.dTQy.1767225600');
 */
export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const s = subtle();
  const key = await s.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await s.sign('HMAC', key, utf8(message)));
}

/** Byte equality whose time depends only on the length, not on where the first difference is. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * String equality in constant time for secrets: both sides are hashed first, so neither the
 * position of a difference nor the length of the expected secret shows in the timing.
 *
 * @example
 * if (!(await equalSecrets(bearer, env.ADMIN_SECRET))) throw new AppError('unauthenticated', '…');
 */
export async function equalSecrets(given: string, expected: string): Promise<boolean> {
  const s = subtle();
  const [a, b] = await Promise.all([s.digest('SHA-256', utf8(given)), s.digest('SHA-256', utf8(expected))]);
  return equalBytes(new Uint8Array(a), new Uint8Array(b));
}
