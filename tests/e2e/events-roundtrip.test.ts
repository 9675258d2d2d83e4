/**
 * What the edge writes, the batch reads: events posted to the local Worker (workerd, real
 * Durable Object buffers and R2) are flushed into the bucket, and the batch loader and the
 * pipeline's new-events check read them back from that same bucket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '#shared/access';
import { loadBehaviourEvents } from '../../batch/src/data/events.ts';
import { eventsSince } from '../../batch/src/pipeline/inputs.ts';
import { type LocalWorker, startLocalWorker } from './support/local-worker.ts';

const KEY = 'pk_e2e_roundtrip';
const USER_TOKEN_SECRET = 'e2e-user-token-secret-0123456789';
let worker: LocalWorker;

beforeAll(async () => {
  worker = await startLocalWorker((url) => ({
    PUBLISHABLE_KEYS: JSON.stringify({ [KEY]: [url] }),
    EVENTS_FLUSH_SECONDS: '0.2',
    USER_TOKEN_SECRET,
  }));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

async function post(
  events: unknown[],
): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
  const res = await fetch(`${worker.url}/v1/events?key=${KEY}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: worker.url,
      // The shop's backend vouches for its logged-in shopper (events naming a userId need it).
      'X-Vitrine-User-Token': await signUserToken(USER_TOKEN_SECRET, 'u-e2e', Date.now() + 3_600_000),
    },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
}

/** Lines under `events/` once at least `count` have arrived (buffers flush on their alarm). */
async function waitForLines(count: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    let lines = 0;
    for (const { key } of await worker.bucket.list('events/')) {
      lines += new TextDecoder()
        .decode(await worker.bucket.get(key))
        .split('\n')
        .filter(Boolean).length;
    }
    if (lines >= count) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} event lines reached the bucket`);
}

const at = (n: number) => new Date(Date.now() - n * 1000).toISOString();

describe('edge → bucket → batch loader', () => {
  it('reads back every accepted interaction, weighted by type, with the session as a user', async () => {
    const first = await post([
      { eventId: 'rt-1', type: 'view', itemId: 'i1', sessionId: 's-a', ts: at(50) },
      { eventId: 'rt-2', type: 'click', itemId: 'i1', sessionId: 's-a', ts: at(40) },
      { eventId: 'rt-3', type: 'purchase', itemId: 'i2', userId: 'u-e2e', sessionId: 's-b', ts: at(30) },
      { eventId: 'rt-4', type: 'impression', itemIds: ['i1', 'i2', 'i3'], sessionId: 's-a', ts: at(45) },
      { eventId: 'rt-bad', type: 'view', sessionId: 's-a', ts: at(20) },
    ]);
    expect(first).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(first.rejected).toHaveLength(1);
    // A client retry of part of the batch, and a fresh add_to_cart.
    const second = await post([
      { eventId: 'rt-2', type: 'click', itemId: 'i1', sessionId: 's-a', ts: at(40) },
      { eventId: 'rt-5', type: 'add_to_cart', itemId: 'i3', sessionId: 's-a', ts: at(10) },
    ]);
    expect(second).toMatchObject({ accepted: 1, duplicates: 1 });

    expect(await waitForLines(4)).toBe(4); // 4 interactions; the impression is filed elsewhere
    const { data, report } = await loadBehaviourEvents(worker.bucket);
    expect(report).toMatchObject({ rowsKept: 4, rowsBad: 0, duplicates: 0 });
    expect(report.byType).toEqual({ view: 1, click: 1, add_to_cart: 1, purchase: 1 });
    expect([...data.userIds].sort()).toEqual(['session:s-a', 'u-e2e']);
    const weightOf = (user: string, item: string) => {
      const u = data.userIds.indexOf(user);
      const it = data.itemIds.indexOf(item);
      let w = 0;
      for (let r = 0; r < data.length; r++)
        if (data.users[r] === u && data.items[r] === it) w += data.weights[r]!;
      return w;
    };
    expect(weightOf('session:s-a', 'i1')).toBe(1 + 2); // view + click
    expect(weightOf('session:s-a', 'i3')).toBe(4);
    expect(weightOf('u-e2e', 'i2')).toBe(8);
    expect((await worker.bucket.list('impressions/')).length).toBeGreaterThan(0);
  });

  it('counts only objects written after the last watermark as new for the pipeline', async () => {
    const before = await eventsSince(worker.bucket, 'events/', null);
    expect(before.newFiles).toBe(before.files);
    await post([{ eventId: 'rt-6', type: 'view', itemId: 'i9', sessionId: 's-c', ts: at(1) }]);
    await waitForLines(5);
    const after = await eventsSince(worker.bucket, 'events/', before.watermark);
    expect(after.files).toBe(before.files + 1);
    expect(after.newFiles).toBe(1);
    expect(after.watermark! > before.watermark!).toBe(true);
  });
});
