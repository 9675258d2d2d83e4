/**
 * The recommend Worker forwards /v1/creatives/* and /v1/blobs/* over the `CREATIVES` service
 * binding — here bound to an echoing test double (vitest.config.ts); the real creative Worker has
 * its own test project — and answers 503 naming the binding where a deployment has none.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '#shared/schemas';
import { ORIGIN, withoutBinding } from './support/creative-links.ts';
import { call } from './support/fixture.ts';

describe('forwarding to the creative Worker', () => {
  it('hands /v1/creatives/* to the CREATIVES binding with the public URL and headers intact', async () => {
    const res = await call<{ worker: string; method: string; url: string; ifNoneMatch: string | null }>(
      '/v1/creatives/coat?seed=7&size=leaderboard',
      { headers: { 'if-none-match': '"abc"' } },
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      worker: 'creative-test-double',
      method: 'GET',
      url: `${ORIGIN}/v1/creatives/coat?seed=7&size=leaderboard`,
      ifNoneMatch: '"abc"',
    });
    expect(res.headers.get('etag')).toBe('"double"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('forwards /v1/blobs/* and the library listing, passing the status through', async () => {
    const blob = await call<{ url: string }>(`/v1/blobs/${'a'.repeat(64)}`);
    expect(blob.body.url).toBe(`${ORIGIN}/v1/blobs/${'a'.repeat(64)}`);
    const listing = await call<{ url: string }>('/v1/creatives/library/coat?status=404');
    expect(listing.status).toBe(404);
    expect(listing.body.url).toBe(`${ORIGIN}/v1/creatives/library/coat?status=404`);
  });

  it('adds the storefront CORS headers to forwarded responses', async () => {
    const allowed = 'http://127.0.0.1:8787';
    const res = await call('/v1/creatives/coat?seed=1', { headers: { origin: allowed } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
  });

  it('answers 503 with a JSON error naming the missing binding, instead of crashing', async () => {
    for (const path of ['/v1/creatives/coat?seed=1', `/v1/blobs/${'b'.repeat(64)}`]) {
      const res = await withoutBinding(path);
      expect(res.status).toBe(503);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.kind).toBe('unavailable');
      expect(body.error.message).toContain('CREATIVES');
    }
  });
});
