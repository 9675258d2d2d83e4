/**
 * Signed user tokens (shared/src/access): round trip, expiry, tampering, and the exact format the
 * README documents for shop backends (checked against Node's own HMAC, as a backend would sign).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUserToken, verifyUserToken } from '#shared/access';

const SECRET = 'a-shop-secret-0123456789';
const now = Date.parse('2026-12-03T08:00:00Z');

/** The README's snippet for backends without this repository. */
function readmeToken(secret: string, userId: string, expiresAtSeconds: number): string {
  const payload = `v1.${Buffer.from(userId).toString('base64url')}.${expiresAtSeconds}`;
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
}

describe('user tokens', () => {
  it('verify to the user id they were signed for until they expire', async () => {
    const token = await signUserToken(SECRET, 'u42', now + 60_000);
    expect(await verifyUserToken(SECRET, token, now)).toEqual({ ok: true, value: 'u42' });
    expect(await verifyUserToken(SECRET, token, now + 60_000)).toMatchObject({
      ok: false,
      error: { kind: 'unauthenticated', message: expect.stringContaining('expired') },
    });
  });

  it('refuse another secret, a swapped user id, a moved expiry and garbage', async () => {
    const token = await signUserToken(SECRET, 'u42', now + 60_000);
    const [v, , exp, mac] = token.split('.');
    const swapped = [v, Buffer.from('u43').toString('base64url'), exp, mac].join('.');
    const later = [v, Buffer.from('u42').toString('base64url'), String(Number(exp) + 3600), mac].join('.');
    for (const bad of [swapped, later, 'v1.x.y.z', '', `${token}.extra`, token.replace('v1', 'v2')]) {
      expect((await verifyUserToken(SECRET, bad, now)).ok).toBe(false);
    }
    expect((await verifyUserToken('another-secret-0123456789', token, now)).ok).toBe(false);
  });

  it('match the format the README gives shop backends, both ways', async () => {
    const exp = Math.floor((now + 60_000) / 1000);
    const ours = await signUserToken(SECRET, 'shopper@example.com', exp * 1000);
    expect(ours).toBe(readmeToken(SECRET, 'shopper@example.com', exp));
    expect(await verifyUserToken(SECRET, readmeToken(SECRET, 'ünï', exp), now)).toEqual({
      ok: true,
      value: 'ünï',
    });
  });
});
