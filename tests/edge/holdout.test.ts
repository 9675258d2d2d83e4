/**
 * The holdout experiment in workerd: a stable share of sessions is served popularity, the same
 * session lands in the same arm on every request (and on the events it sends), and the
 * assignment is the shared function batch recomputes (known answers, identical in Node).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { armOf, holdoutPosition } from '#shared/holdout';
import { event, flushBuffers, postEvents, readObjects } from './support/events.ts';
import {
  type Answer,
  call,
  callWith,
  fixture,
  ids,
  postRecommendations,
  publishToBucket,
} from './support/fixture.ts';

beforeAll(publishToBucket);

interface ArmAnswer extends Answer {
  arm?: string;
}

const SALT = env.HOLDOUT_SALT;
const SHARE = Number(env.HOLDOUT_SHARE);

/** The first session ids (s-0, s-1, …) of each arm under the deployed config. */
function sessionsOf(arm: 'model' | 'holdout', n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) if (armOf(`s-${i}`, SHARE, SALT) === arm) out.push(`s-${i}`);
  return out;
}

const post = (body: unknown) => postRecommendations<ArmAnswer>(body);

describe('holdout assignment', () => {
  it('gives the known positions (the same numbers Node computes)', () => {
    expect(holdoutPosition('s-0', 'holdout-1')).toBeCloseTo(0.6019111739005893, 12);
    expect(holdoutPosition('session-42', 'holdout-1')).toBeCloseTo(0.16902927542105317, 12);
  });

  it('puts the configured share of 20 000 sessions into the holdout, within 3 standard errors', () => {
    const n = 20_000;
    let held = 0;
    for (let i = 0; i < n; i++) if (armOf(`s-${crypto.randomUUID()}`, SHARE, SALT) === 'holdout') held++;
    const se = Math.sqrt((SHARE * (1 - SHARE)) / n);
    expect(Math.abs(held / n - SHARE)).toBeLessThan(3 * se);
  });
});

describe('holdout serving', () => {
  it('serves a holdout session the popular list under its filters, marked arm holdout', async () => {
    const [sessionId] = sessionsOf('holdout', 1);
    const { items } = fixture.session;
    const { status, body } = await post({ items, k: fixture.k, sessionId, excludeSeen: false });
    expect(status).toBe(200);
    expect(body.arm).toBe('holdout');
    expect(body.strategy).toBe('popular_fallback');
    expect(body.degraded).toBeUndefined();
    expect(ids(body)).toEqual(fixture.fallbackGlobal.slice(0, fixture.k));
  });

  it('assigns a user route by its sessionId parameter', async () => {
    const [held] = sessionsOf('holdout', 1);
    const user = fixture.users[0]?.userId as string;
    const { body } = await call<ArmAnswer>(`/v1/users/${user}/recommendations?sessionId=${held}`);
    expect([body.arm, body.strategy]).toEqual(['holdout', 'popular_fallback']);
  });

  it('serves a model session the folded-in list, marked arm model', async () => {
    const [sessionId] = sessionsOf('model', 1);
    const { body } = await post({ items: fixture.session.items, k: fixture.k, sessionId });
    expect(body.arm).toBe('model');
    expect(body.strategy).toBe('session_fold_in');
  });

  it('keeps every session in its arm across repeated requests and isolates', async () => {
    const sessions = [...sessionsOf('holdout', 3), ...sessionsOf('model', 3)];
    for (const sessionId of sessions) {
      const expected = armOf(sessionId, SHARE, SALT);
      const first = await post({ items: fixture.session.items, sessionId });
      // A fresh set of isolate services (other vars, same experiment) assigns the same arm.
      const other = await callWith<ArmAnswer>({ SHARD_CACHE_MAX_BYTES: '1048576' }, '/v1/recommendations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: fixture.session.items, sessionId }),
      });
      expect([first.body.arm, other.body.arm]).toEqual([expected, expected]);
    }
  });

  it('leaves answers outside the experiment when it is off or no session is named', async () => {
    const [sessionId] = sessionsOf('holdout', 1);
    const off = await callWith<ArmAnswer>({ HOLDOUT_SHARE: '0' }, '/v1/recommendations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: fixture.session.items, sessionId }),
    });
    expect(off.body.arm).toBeUndefined();
    expect(off.body.strategy).toBe('session_fold_in');
    const anonymous = await post({ items: fixture.session.items });
    expect(anonymous.body.arm).toBeUndefined();
    // The unit is the session: a user named without one is served the model, outside the experiment.
    for (const user of fixture.users) {
      const { body } = await call<ArmAnswer>(`/v1/users/${user.userId}/recommendations`);
      expect([body.arm, body.strategy]).toEqual([undefined, 'user_vector']);
    }
  });

  it('rejects a malformed share as a deployment error, not a silent experiment', async () => {
    const { status, body } = await callWith<{ error: { kind: string } }>(
      { HOLDOUT_SHARE: '0.9' },
      '/v1/recommendations',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [], sessionId: 's-1' }),
      },
    );
    expect(status).toBe(412);
    expect(body.error.kind).toBe('precondition_failed');
  });
});

describe('events carry the arm and a coarse request context', () => {
  it('stamps the session arm, device class and referrer host, and drops the referrer URL', async () => {
    const [held] = sessionsOf('holdout', 1);
    const [model] = sessionsOf('model', 1);
    const tag = `ctx-${Date.now().toString(36)}`;
    const events = [
      event({ eventId: `${tag}-1`, sessionId: held, referrer: 'https://www.News.example.org/a?b=c' }),
      event({ eventId: `${tag}-2`, sessionId: model, referrer: '', arm: 'holdout', device: 'bot' }),
    ];
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
    const { status } = await postEvents({ events }, { headers: { 'user-agent': ua } });
    expect(status).toBe(200);
    await flushBuffers();
    const lines = (await readObjects('events/')).flatMap((o) => o.lines);
    const byId = new Map(lines.map((l) => [l.eventId, l]));
    expect(byId.get(`${tag}-1`)).toMatchObject({
      arm: 'holdout',
      device: 'mobile',
      referrerDomain: 'news.example.org',
    });
    expect(byId.get(`${tag}-2`)).toMatchObject({ arm: 'model', device: 'mobile', referrerDomain: 'direct' });
    for (const id of [`${tag}-1`, `${tag}-2`]) expect(byId.get(id)).not.toHaveProperty('referrer');
  });
});
