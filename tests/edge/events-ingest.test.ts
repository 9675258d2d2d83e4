/**
 * POST /v1/events stores what it accepts: under concurrent requests, across buffer restarts,
 * once per event id, as partitioned NDJSON the batch loaders read — and keeps the good events
 * of a batch that also holds bad ones.
 */
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '#shared/sharding';
import { bufferName } from '../../edge/src/events/index.ts';
import { event, flushBuffers, postEvents, readObjects, storedIds, userToken } from './support/events.ts';

/** The buffer's internals a crash test needs (private in the class). */
interface BufferInternals {
  assignObjects(flushMs: number): void;
  assignedKeys(): string[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('event ingestion', () => {
  it('persists every accepted event exactly once under concurrent, overlapping posts', async () => {
    const tag = `conc-${Date.now().toString(36)}`;
    const ids = Array.from({ length: 300 }, (_, i) => `${tag}-${i}`);
    // 30 requests of 20 events; request r repeats 5 ids of request r-1 (a client retrying).
    const batches = Array.from({ length: 30 }, (_, r) => {
      const own = ids.slice(r * 10, r * 10 + 15);
      const retried = r > 0 ? ids.slice((r - 1) * 10, (r - 1) * 10 + 5) : [];
      return [...own, ...retried].map((eventId) => event({ eventId, itemId: `item-${eventId.length}` }));
    });
    const answers = await Promise.all(batches.map((events) => postEvents({ events })));
    for (const a of answers) expect(a.status).toBe(200);
    const accepted = sum(answers.map((a) => a.body.accepted));
    const duplicates = sum(answers.map((a) => a.body.duplicates));
    const distinct = new Set(batches.flat().map((e) => e.eventId));
    expect(accepted).toBe(distinct.size);
    expect(accepted + duplicates).toBe(batches.flat().length);

    expect(await flushBuffers()).toBeGreaterThan(0);
    const stored = (await storedIds()).filter((id) => id.startsWith(tag));
    expect(stored).toHaveLength(accepted);
    expect(new Set(stored)).toEqual(distinct);
  });

  it('stores a retried batch once and reports its events as duplicates', async () => {
    const events = [event(), event(), event()];
    const first = await postEvents({ events });
    const again = await postEvents({ events: [...events, events[0]] });
    expect(first.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect(again.body).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    await flushBuffers();
    const stored = await storedIds();
    for (const e of events) expect(stored.filter((id) => id === e.eventId)).toHaveLength(1);
  });

  it('keeps accepted events through a restart of every buffer (no state held in memory)', async () => {
    const events = Array.from({ length: 12 }, () => event({ type: 'view' }));
    expect((await postEvents({ events })).body.accepted).toBe(12);
    await abortAllDurableObjects();
    // After the restart the ids are still known, and the alarms still fire.
    expect((await postEvents({ events })).body).toMatchObject({ accepted: 0, duplicates: 12 });
    await flushBuffers();
    const stored = await storedIds();
    for (const e of events) expect(stored).toContain(e.eventId);
  });

  it('keeps the good events of a batch and rejects each bad one with index, field and reason', async () => {
    const good = [event(), event({ type: 'purchase', userId: 'u7', sessionId: undefined })];
    const { status, body } = await postEvents(
      {
        events: [
          good[0],
          event({ type: 'teleport' }),
          { ...event(), itemId: undefined },
          event({ itemId: 'has space' }),
          event({ sessionId: undefined }),
          'not an event',
          event({ ts: 'yesterday' }),
          event({ ts: new Date(Date.now() + 3 * 86_400_000).toISOString() }),
          good[1],
        ],
      },
      { headers: { 'X-Vitrine-User-Token': await userToken('u7') } },
    );
    expect(status).toBe(200);
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'type'],
      [2, 'itemId'],
      [3, 'itemId'],
      [4, 'userId'],
      [5, undefined],
      [6, 'ts'],
      [7, 'ts'],
    ]);
    expect(body.rejected[1]?.eventId).toMatch(/^ev-/);
    expect(body.rejected[3]?.reason).toBe('userId: an event needs a userId or a sessionId');
    expect(body.rejected[4]?.reason).toBe('must be an object');
    await flushBuffers();
    const stored = await storedIds();
    for (const e of good) expect(stored).toContain(e.eventId);
  });

  it('answers 400 with every reason when no event of the batch is valid', async () => {
    const { status, body } = await postEvents({ events: [event({ type: 'nope' }), 42] });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ kind: 'invalid_argument', field: 'events.0.type' });
    expect(body.accepted).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
  });

  it('files events as NDJSON under the hour they were written, impressions apart from interactions', async () => {
    const click = event({ context: 'vitrine-recs:home', ts: '2020-01-01T00:00:00.000Z' });
    const impression = event({
      type: 'impression',
      itemId: undefined,
      itemIds: ['i1', 'i2'],
      strategy: 'session_fold_in',
    });
    const before = Date.now();
    expect((await postEvents({ events: [click, impression] })).body.accepted).toBe(2);
    await flushBuffers();
    const after = Date.now();
    const objects = await readObjects('events/');
    const holder = objects.find((o) => o.lines.some((l) => l.eventId === click.eventId));
    const [, dt, hour, written] =
      /^events\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/(\d{13})-[0-9a-f]{12}-\d{10}\.ndjson$/.exec(
        holder?.key ?? '',
      ) ?? [];
    const writtenMs = Number(written);
    expect(writtenMs).toBeGreaterThanOrEqual(before);
    expect(writtenMs).toBeLessThanOrEqual(after);
    expect(`${dt}T${hour}`).toBe(new Date(writtenMs).toISOString().slice(0, 13)); // the write hour, not ts's
    const line = holder?.lines.find((l) => l.eventId === click.eventId);
    expect(line).toMatchObject({ ...click, receivedAt: expect.any(String) });
    expect(Date.parse(String(line?.receivedAt))).toBeGreaterThanOrEqual(before - 1000);
    expect(objects.flatMap((o) => o.lines).some((l) => l.eventId === impression.eventId)).toBe(false);
    expect(await storedIds('impressions/')).toContain(impression.eventId);
    const head = await env.BUCKET.head(holder?.key ?? '');
    expect(head?.httpMetadata?.contentType).toBe('application/x-ndjson');
  });

  it('rewrites the very same object when a flush died between its put and its delete', async () => {
    const e = event();
    expect((await postEvents({ events: [e] })).body.accepted).toBe(1);
    const stub = env.EVENT_BUFFER.get(
      env.EVENT_BUFFER.idFromName(bufferName(bucketOf(String(e.eventId), 8))),
    );
    // First attempt: key assigned and object written, then the buffer is gone before deleting rows.
    const firstKey = await runInDurableObject(stub, async (instance, state) => {
      const internals = instance as unknown as BufferInternals;
      internals.assignObjects(Date.now());
      const [key] = internals.assignedKeys();
      const lines = state.storage.sql
        .exec<{ line: string }>('SELECT line FROM pending WHERE object_key = ? ORDER BY seq', key)
        .toArray();
      await env.BUCKET.put(String(key), `${lines.map((l) => l.line).join('\n')}\n`);
      return String(key);
    });
    await abortAllDurableObjects();
    expect(await flushBuffers()).toBeGreaterThan(0); // the alarm survived the restart
    const holders = (await readObjects('events/')).filter((o) =>
      o.lines.some((l) => l.eventId === e.eventId),
    );
    expect(holders.map((h) => h.key)).toEqual([firstKey]);
    expect(holders[0]?.lines.filter((l) => l.eventId === e.eventId)).toHaveLength(1);
    const fresh = env.EVENT_BUFFER.get(
      env.EVENT_BUFFER.idFromName(bufferName(bucketOf(String(e.eventId), 8))),
    );
    expect(await fresh.pendingCount()).toBe(0);
  });
});
