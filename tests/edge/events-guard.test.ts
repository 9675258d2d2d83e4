/**
 * What POST /v1/events refuses before storing anything: missing or unknown keys (401), origins
 * the key does not allow (403), bodies over the byte limit (413), malformed bodies (400), and
 * more requests per key than the rate limit (429); plus CORS only for allowed origins.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEMO_KEY, DEMO_ORIGIN, event, postEvents } from './support/events.ts';

describe('event ingestion guards', () => {
  it.each([
    ['no key', null, DEMO_ORIGIN, 401, 'unauthenticated', 'key'],
    ['an unknown key', 'pk_not_a_real_key', DEMO_ORIGIN, 401, 'unauthenticated', 'key'],
    [
      'an origin the key does not allow',
      DEMO_KEY,
      'https://evil.example',
      403,
      'permission_denied',
      'origin',
    ],
    ['no Origin header', DEMO_KEY, null, 403, 'permission_denied', 'origin'],
  ])('refuses %s', async (_label, key, origin, status, kind, field) => {
    const res = await postEvents({ events: [event()] }, { key, origin });
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ kind, field });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe(origin === DEMO_ORIGIN ? DEMO_ORIGIN : null);
  });

  it('accepts the key in the X-Vitrine-Key header too', async () => {
    const res = await postEvents(
      { events: [event()] },
      { key: null, headers: { 'X-Vitrine-Key': DEMO_KEY } },
    );
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
  });

  it('refuses a body over EVENTS_MAX_BODY_BYTES with 413, declared or streamed', async () => {
    const big = JSON.stringify({ events: [event({ context: 'x' }), { pad: 'y'.repeat(140_000) }] });
    const declared = await postEvents(big);
    expect(declared.status).toBe(413);
    expect(declared.body.error?.kind).toBe('payload_too_large');
    // Without Content-Length (a stream), the cap is enforced while reading.
    const stream = new Blob([big]).stream();
    const res = await SELF.fetch(`https://vitrine.test/v1/events?key=${DEMO_KEY}`, {
      method: 'POST',
      headers: { origin: DEMO_ORIGIN },
      body: stream,
    });
    expect(res.status).toBe(413);
  });

  it.each([
    ['not json', 'body'],
    ['[1,2]', 'body'],
    ['{"event":[]}', 'events'],
    ['{"events":[]}', 'events'],
    [JSON.stringify({ events: Array.from({ length: 501 }, () => ({})) }), 'events'],
  ])('refuses the malformed body %s with 400 naming %s', async (raw, field) => {
    const res = await postEvents(raw);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ kind: 'invalid_argument', field });
  });

  it('rate-limits each key: 429 with Retry-After once the per-period budget is spent', async () => {
    // A key of its own, so no other test shares its budget (1200 per 60 s in wrangler.toml).
    const vars = { PUBLISHABLE_KEYS: JSON.stringify({ pk_rate_limit_test: [DEMO_ORIGIN] }) };
    let firstRefused = -1;
    let refusal: Awaited<ReturnType<typeof postEvents>> | undefined;
    // Two periods' worth at most: whatever the window boundary, a 429 must come.
    for (let sent = 0; sent < 2401 && firstRefused < 0; sent += 50) {
      const wave = await Promise.all(
        Array.from({ length: 50 }, () => postEvents('{}', { key: 'pk_rate_limit_test', vars })),
      );
      const at = wave.findIndex((r) => r.status === 429);
      if (at >= 0) {
        firstRefused = sent + at;
        refusal = wave[at];
      } else for (const r of wave) expect(r.status).toBe(400); // counted, then refused as malformed
    }
    expect(firstRefused).toBeGreaterThanOrEqual(1200);
    expect(refusal?.body.error?.kind).toBe('resource_exhausted');
    expect(refusal?.headers.get('Retry-After')).toBe('60');
    // Other keys keep their own budget.
    expect((await postEvents({ events: [event()] })).status).toBe(200);
  });

  it('answers a CORS preflight from an allowed origin and refuses others', async () => {
    const preflight = (origin: string, path = '/v1/events?key=pk_demo_vitrine') =>
      SELF.fetch(`https://vitrine.test${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(DEMO_ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(DEMO_ORIGIN);
    expect(ok.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(ok.headers.get('Access-Control-Allow-Headers')).toMatch(/content-type/i);
    expect(ok.headers.get('Vary')).toBe('Origin');
    const denied = await preflight('https://evil.example');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
    // The read-only API allows every origin some key allows, and nobody else.
    expect((await preflight(DEMO_ORIGIN, '/v1/recommendations')).status).toBe(204);
    expect((await preflight('https://evil.example', '/v1/recommendations')).status).toBe(403);
  });

  it('adds CORS headers to API answers for allowed origins only', async () => {
    const get = (origin: string) => SELF.fetch('https://vitrine.test/v1/health', { headers: { origin } });
    const allowed = await get(DEMO_ORIGIN);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(DEMO_ORIGIN);
    expect(allowed.headers.get('Access-Control-Expose-Headers')).toBe('Server-Timing');
    const other = await get('https://evil.example');
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('event ingestion contract', () => {
  it('is documented in /openapi.json from the shared schemas', async () => {
    const doc = (await (await SELF.fetch('https://vitrine.test/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/v1/events']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '429']),
    );
    expect(Object.keys(doc.components.schemas.EventIngestResponse?.properties ?? {})).toEqual([
      'accepted',
      'duplicates',
      'rejected',
    ]);
  });
});
