import { describe, expect, it } from 'vitest';
import { MemoryStore } from '#shared/storage';
import { loadBehaviourEvents, parseBehaviourEvents, partitionStart } from '../../../batch/src/data/events.ts';

const enc = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
const ev = (o: Record<string, unknown>) => JSON.stringify({ context: 'test', ...o });

/** Alice's first view; sent twice in hour 10 (a client retry). */
const ALICE_VIEW = ev({
  eventId: 'e1',
  type: 'view',
  itemId: 'sku-1',
  userId: 'alice',
  sessionId: 's1',
  ts: '2026-01-05T10:01:00Z',
});

const HOUR_10 = [
  ALICE_VIEW,
  ev({
    eventId: 'e2',
    type: 'purchase',
    itemId: 'sku-1',
    userId: 'alice',
    sessionId: 's1',
    ts: '2026-01-05T10:09:00Z',
  }),
  '{"eventId":"e3","type":"view"', // 3: truncated JSON
  ev({ eventId: 'e4', type: 'click', itemId: 'sku-2', sessionId: 's9', ts: '2026-01-05T10:15:00.500Z' }), // anonymous
  ev({ eventId: 'e5', type: 'wishlist', itemId: 'sku-2', userId: 'bob', ts: '2026-01-05T10:16:00Z' }), // 5: bad type
  ev({ eventId: 'e6', type: 'view', itemId: 'sku-3', ts: '2026-01-05T10:17:00Z' }), // 6: no user, no session
  '',
  ALICE_VIEW, // retry
];
const HOUR_12 = [
  ev({ eventId: 'e7', type: 'add_to_cart', itemId: 'sku-3', userId: 'bob', ts: '2026-01-05T12:30:00Z' }),
  ev({ eventId: 'e8', type: 'view', itemId: 'sku 4', userId: 'bob', ts: '2026-01-05T12:31:00Z' }), // 2: bad item id
];
const OLD = [
  ev({ eventId: 'e0', type: 'view', itemId: 'sku-9', userId: 'carol', ts: '2025-12-01T08:00:00Z' }),
];

async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore('events');
  await store.put('events/dt=2026-01-05/hour=10/part-00000.ndjson', enc(HOUR_10));
  await store.put('events/dt=2026-01-05/hour=12/part-00000.ndjson', enc(HOUR_12));
  await store.put('events/dt=2025-12-01/hour=08/part-00000.ndjson', enc(OLD));
  await store.put('events/dt=2026-01-05/hour=12/_SUCCESS', new Uint8Array(0));
  return store;
}

describe('loadBehaviourEvents', () => {
  it('reads every partition, weights events by type and keys anonymous visitors by session', async () => {
    const { data, report } = await loadBehaviourEvents(await seeded());
    // Files are read in key order: 2025-12-01 first.
    expect(data.userIds).toEqual(['carol', 'alice', 'session:s9', 'bob']);
    expect(Array.from(data.weights)).toEqual([1, 1, 8, 2, 4]);
    expect(data.timestamps![3]).toBe(Date.parse('2026-01-05T10:15:00.500Z'));
    expect(report.byType).toEqual({ view: 2, click: 1, add_to_cart: 1, purchase: 1 });
    expect(report.files).toBe(3);
    expect(report.filesPruned).toBe(1); // _SUCCESS
  });

  it('reports malformed lines with file and line number, and counts a retried eventId once', async () => {
    const { report } = await loadBehaviourEvents(await seeded());
    expect(report).toMatchObject({ rowsRead: 10, rowsKept: 5, rowsBad: 4, rowsSkipped: 1, duplicates: 1 });
    const hour10 = 'events/dt=2026-01-05/hour=10/part-00000.ndjson';
    const hour12 = 'events/dt=2026-01-05/hour=12/part-00000.ndjson';
    expect(report.badRows.map((b) => [b.source, b.line])).toEqual([
      [hour10, 3],
      [hour10, 5],
      [hour10, 6],
      [hour12, 2],
    ]);
    expect(report.badRows[0]?.reason).toMatch(/^invalid JSON/);
    expect(report.badRows[1]?.reason).toMatch(/^type: /);
    expect(report.badRows[2]?.reason).toBe('userId: an event needs a userId or a sessionId');
    expect(report.badRows[3]?.reason).toMatch(/^itemId: may contain only/);
  });

  it('skips events before `since` and does not fetch partitions far older than it', async () => {
    const store = await seeded();
    const { data, report } = await loadBehaviourEvents(store, { since: Date.parse('2026-01-05T10:10:00Z') });
    expect(data.userIds).toEqual(['session:s9', 'bob']);
    expect(report.files).toBe(2);
    expect(report.filesPruned).toBe(2); // the December partition and _SUCCESS
    // e1 (twice) and e2 are older than `since`: skipped, not bad.
    expect(report.rowsSkipped).toBe(3);
    expect(report.rowsKept).toBe(2);
  });

  it('takes custom weights and can keep duplicates', async () => {
    const { data, report } = await loadBehaviourEvents(await seeded(), {
      weights: { purchase: 20 },
      dedupe: false,
      since: Date.parse('2026-01-01T00:00:00Z'),
    });
    expect(Array.from(data.weights)).toEqual([1, 20, 2, 1, 4]);
    expect(report.duplicates).toBe(0);
  });
});

describe('event partitions', () => {
  it('parses the hour a key belongs to', () => {
    expect(partitionStart('events/dt=2026-01-05/hour=07/part-1.ndjson')).toBe(
      Date.parse('2026-01-05T07:00:00Z'),
    );
    expect(partitionStart('events/misc.ndjson')).toBeNull();
  });

  it('parses a single file without a store', () => {
    const { data, report } = parseBehaviourEvents(enc(HOUR_12), 'x.ndjson');
    expect(data.length).toBe(1);
    expect(report.badRows[0]).toMatchObject({ source: 'x.ndjson', line: 2 });
  });
});
