/** Malformed requests are 400s whose body names the offending field; unknown routes are 404s. */
import { describe, expect, it } from 'vitest';
import { call } from './support/fixture.ts';

interface ErrorResponse {
  error: { kind: string; message: string; field?: string };
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  call<ErrorResponse>('/v1/recommendations', { method: 'POST', headers, body });

describe('request validation', () => {
  it.each([
    ['/v1/users/u1/recommendations?k=0', 'k'],
    ['/v1/users/u1/recommendations?k=101', 'k'],
    ['/v1/users/u1/recommendations?k=ten', 'k'],
    ['/v1/users/u1/recommendations?k=2.5', 'k'],
    ['/v1/users/u1/recommendations?category=Hats', 'category'],
    ['/v1/users/u1/recommendations?category=home//kitchen', 'category'],
    ['/v1/users/u1/recommendations?exclude=ok,no%20spaces', 'exclude.1'],
    ['/v1/users/u1/recommendations?nprobe=0', 'nprobe'],
    ['/v1/users/bad%20id/recommendations', 'userId'],
    [`/v1/users/${'x'.repeat(129)}/recommendations`, 'userId'],
    ['/v1/items/i1/similar?k=-1', 'k'],
    ['/v1/items/bad$id/similar', 'itemId'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const { status, body } = await call<ErrorResponse>(path);
    expect(status).toBe(400);
    expect(body.error.kind).toBe('invalid_argument');
    expect(body.error.field).toBe(field);
    expect(body.error.message).toContain(field);
  });

  it.each([
    ['not json', 'body'],
    ['[1,2]', 'body'],
    ['{"items":"i1"}', 'items'],
    ['{"items":["ok","bad id"]}', 'items.1'],
    ['{"items":[],"k":0}', 'k'],
    ['{"itmes":["i1"]}', 'itmes'],
    ['{"excludeSeen":"yes"}', 'excludeSeen'],
    ['{"category":"Home > Kitchen"}', 'category'],
    [JSON.stringify({ items: Array.from({ length: 201 }, (_, i) => `i${i}`) }), 'items'],
  ])('POST %s → 400 naming %s', async (raw, field) => {
    const { status, body } = await post(raw);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ kind: 'invalid_argument', field });
  });

  it('refuses a body over 128 KiB with 413', async () => {
    const { status, body } = await post(JSON.stringify({ items: [], pad: 'x'.repeat(140_000) }));
    expect(status).toBe(413);
    expect(body.error.kind).toBe('payload_too_large');
  });

  it('answers an unknown route with a 404 error body', async () => {
    const { status, body } = await call<ErrorResponse>('/v1/nothing-here');
    expect(status).toBe(404);
    expect(body.error.kind).toBe('not_found');
  });
});
