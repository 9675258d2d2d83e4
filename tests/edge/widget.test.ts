/** GET /widget.js: the built bundle, long-cached, revalidated by ETag with a bodiless 304. */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const get = (headers: Record<string, string> = {}) =>
  SELF.fetch('https://vitrine.test/widget.js', { headers });

describe('widget.js', () => {
  it('serves the bundled custom element as JavaScript with a long cache and a strong ETag', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Cache-Control')).toMatch(/max-age=86400/);
    expect(res.headers.get('ETag')).toMatch(/^"[0-9a-f]{32}"$/);
    const js = await res.text();
    expect(js).toContain('vitrine-recs');
    expect(js).not.toMatch(/^\s*import\s/m); // one self-contained script
    expect(js.length).toBeLessThan(20_000);
  });

  it('answers a matching If-None-Match with 304 and no body, anything else with the script', async () => {
    const etag = (await get()).headers.get('ETag') ?? '';
    for (const tag of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const res = await get({ 'If-None-Match': tag });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('ETag')).toBe(etag);
    }
    expect((await get({ 'If-None-Match': '"stale"' })).status).toBe(200);
  });
});
