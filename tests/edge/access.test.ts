/**
 * Access: personalised routes for a user id, and events naming a logged-in user id, need a user
 * token the shop's backend signed for that id (shared/src/access); anonymous sessions need none.
 * Events are also limited per client address and per session, besides per key.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORIGIN, event, postEvents, userToken as token } from './support/events.ts';
import { type Answer, call, fixture, publishToBucket } from './support/fixture.ts';

const HOUR = 3_600_000;

beforeAll(publishToBucket);

const user = () => fixture.users[0]!.userId;
const userRecs = (headers: Record<string, string> = { 'X-Vitrine-User-Token': '' }, query = '') =>
  call<Answer & { error?: { kind: string; field?: string } }>(
    `/v1/users/${user()}/recommendations?k=5${query}`,
    { headers },
  );

describe('GET /v1/users/:userId/recommendations', () => {
  it('answers 401 without a user token', async () => {
    const { status, body } = await userRecs();
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ kind: 'unauthenticated', field: 'userToken' });
  });

  it('refuses forged, expired and other users’ tokens', async () => {
    const forged = await token(user(), Date.now() + HOUR, 'another-secret-0123456789abcdef');
    expect((await userRecs({ 'X-Vitrine-User-Token': forged })).status).toBe(401);
    const expired = await token(user(), Date.now() - 1000);
    expect((await userRecs({ 'X-Vitrine-User-Token': expired })).status).toBe(401);
    const tampered = (await token(user())).replace(
      /^v1\.[^.]+/,
      `v1.${btoa('someone-else').replaceAll('=', '')}`,
    );
    expect((await userRecs({ 'X-Vitrine-User-Token': tampered })).status).toBe(401);
    const other = await token('someone-else');
    expect((await userRecs({ 'X-Vitrine-User-Token': other })).status).toBe(403);
  });

  it('serves the personalised list with a valid token, in the header or the query', async () => {
    const t = await token(user());
    const byHeader = await userRecs({ 'X-Vitrine-User-Token': t });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.strategy).toBe('user_vector');
    const byQuery = await userRecs({ 'X-Vitrine-User-Token': '' }, `&userToken=${encodeURIComponent(t)}`);
    expect(byQuery.body.strategy).toBe('user_vector');
  });
});

describe('POST /v1/recommendations', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    call<Answer>('/v1/recommendations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('keeps anonymous sessions working without any token', async () => {
    const { status, body } = await post({ items: fixture.session.items, k: 5 });
    expect(status).toBe(200);
    expect(body.strategy).toBe('session_fold_in');
  });

  it('needs a token for a userId', async () => {
    expect((await post({ items: [], userId: user(), k: 5 }, { 'X-Vitrine-User-Token': '' })).status).toBe(
      401,
    );
    const ok = await post(
      { items: [], userId: user(), k: 5 },
      { 'X-Vitrine-User-Token': await token(user()) },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.strategy).toBe('user_vector');
  });
});

describe('POST /v1/events', () => {
  it('rejects events naming a userId the request has no token for, and accepts anonymous ones', async () => {
    const res = await postEvents({ events: [event({ userId: 'u-victim' }), event()] });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([expect.objectContaining({ index: 0, field: 'userId' })]);
  });

  it('accepts events of the user the token vouches for, only', async () => {
    const headers = { 'X-Vitrine-User-Token': await token('u-shopper') };
    const res = await postEvents(
      { events: [event({ userId: 'u-shopper' }), event({ userId: 'u-victim', sessionId: undefined })] },
      { headers },
    );
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => r.index)).toEqual([1]);
  });

  it('takes the user token from the body, as beacons send it, and checks it like the header', async () => {
    const batch = async (userToken: string) => ({
      events: [event({ userId: 'u-beacon' }), event({ userId: 'u-victim', sessionId: undefined })],
      userToken,
    });
    const res = await postEvents(await batch(await token('u-beacon')));
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r) => [r.index, r.field])).toEqual([[1, 'userId']]);
    const forged = await postEvents(await batch(await token('u-beacon', Date.now() + HOUR, 'x'.repeat(32))));
    expect(forged.status).toBe(401);
    // The header wins over the body: a page's own header is what it vouches with.
    const both = await postEvents(await batch(await token('u-victim')), {
      headers: { 'X-Vitrine-User-Token': await token('u-beacon') },
    });
    expect(both.body.rejected.map((r) => r.index)).toEqual([1]);
  });

  it('refuses a body token that is not a string', async () => {
    const res = await postEvents({ events: [event()], userToken: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ kind: 'invalid_argument', field: 'userToken' });
  });

  it('limits event requests per session (60 per minute), whatever the key allows', async () => {
    const sessionId = `s-flood-${Date.now()}`;
    const statuses: number[] = [];
    for (let wave = 0; wave < 3 && !statuses.includes(429); wave++) {
      const answers = await Promise.all(
        Array.from({ length: 40 }, () => postEvents({ events: [event({ sessionId })] })),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(60);
    expect(statuses).toContain(429);
    // Another session of the same page is not affected.
    expect((await postEvents({ events: [event({ sessionId: `${sessionId}-other` })] })).status).toBe(200);
  });

  it('limits event requests per client address (300 per minute)', async () => {
    const headers = { 'CF-Connecting-IP': '203.0.113.7' };
    // A key of its own (so the per-key budget is not what runs out), called directly (fast).
    const vars = { PUBLISHABLE_KEYS: JSON.stringify({ pk_ip_limit_test: [DEMO_ORIGIN] }) };
    let refused: Awaited<ReturnType<typeof postEvents>> | undefined;
    // Malformed bodies: counted by the limit (checked first), then refused cheaply as 400.
    for (let sent = 0; sent < 700 && refused === undefined; sent += 50) {
      const wave = await Promise.all(
        Array.from({ length: 50 }, () => postEvents('{}', { headers, vars, key: 'pk_ip_limit_test' })),
      );
      refused = wave.find((r) => r.status === 429);
    }
    expect(refused?.body.error).toMatchObject({ kind: 'resource_exhausted', field: 'ip' });
    expect(refused?.headers.get('Retry-After')).toBe('60');
    expect((await postEvents({ events: [event()] })).status).toBe(200);
  });
});

describe('CORS', () => {
  it('lets browsers send the user token header', async () => {
    const res = await SELF.fetch('https://vitrine.test/v1/recommendations', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:8787',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-vitrine-user-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('X-Vitrine-User-Token');
  });
});
