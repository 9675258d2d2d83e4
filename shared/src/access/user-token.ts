/**
 * Signed user tokens: how a shop's backend vouches for the logged-in shopper a page speaks for.
 * A publishable key is public, so without this anyone could read any user's personalised list
 * or post events in their name by guessing the id.
 *
 *   token   = "v1." + base64url(userId) + "." + expiresAtUnixSeconds + "." + base64url(mac)
 *   mac     = HMAC-SHA256(USER_TOKEN_SECRET, "v1." + base64url(userId) + "." + expiresAtUnixSeconds)
 *
 * The secret is shared by the shop's backend and the Worker (`wrangler secret put
 * USER_TOKEN_SECRET`); this module runs unchanged in Node (the backend) and workerd.
 */
import { equalBytes, hmacSha256 } from '../crypto/hmac.ts';
import { AppError } from '../errors/errors.ts';
import { err, ok, type Result } from '../errors/result.ts';

const VERSION = 'v1';

// Node 20 and workerd both provide these; shared/ has no platform types, so declare the slice used.
const web = globalThis as unknown as {
  btoa(binary: string): string;
  atob(base64: string): string;
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (
    label: 'utf-8',
    options: { fatal: boolean; ignoreBOM: boolean },
  ) => { decode(b: Uint8Array): string };
};

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return web.btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = web.atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(binary, (c: string) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * A token for `userId`, valid until `expiresAt` (epoch ms; rounded down to the second).
 *
 * @example
 * const token = await signUserToken(process.env.USER_TOKEN_SECRET, 'u42', Date.now() + 3_600_000);
 */
export async function signUserToken(secret: string, userId: string, expiresAt: number): Promise<string> {
  const payload = `${VERSION}.${toBase64Url(new web.TextEncoder().encode(userId))}.${Math.floor(expiresAt / 1000)}`;
  return `${payload}.${toBase64Url(await hmacSha256(secret, payload))}`;
}

/**
 * The user id `token` vouches for, if its signature is right and it has not expired at `now`
 * (epoch ms). Failures are `unauthenticated` with a reason that names no secret.
 *
 * @example
 * const checked = await verifyUserToken(env.USER_TOKEN_SECRET, token, Date.now());
 * if (checked.ok && checked.value === userId) { … }
 */
export async function verifyUserToken(secret: string, token: string, now: number): Promise<Result<string>> {
  const bad = (why: string) =>
    err(new AppError('unauthenticated', `user token ${why}`, { field: 'userToken' }));
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return bad('is malformed');
  const [, id, exp, mac] = parts as [string, string, string, string];
  const idBytes = fromBase64Url(id);
  const macBytes = fromBase64Url(mac);
  if (idBytes === undefined || macBytes === undefined || !/^\d{1,12}$/.test(exp)) return bad('is malformed');
  const expected = await hmacSha256(secret, `${VERSION}.${id}.${exp}`);
  if (!equalBytes(macBytes, expected)) return bad('has a wrong signature');
  if (Number(exp) * 1000 <= now) return bad('has expired');
  try {
    return ok(new web.TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(idBytes));
  } catch {
    return bad('is malformed');
  }
}
