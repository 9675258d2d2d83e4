/**
 * Event retention: `vitrine pipeline --retain-days N` deletes event partitions older than N days
 * from the data store and trains on nothing older, including old events filed late under a new
 * partition.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../../batch/src/models/mf/model.ts';
import { expireEvents } from '../../../batch/src/privacy/event-retention.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { runCli } from '../publish/support.ts';

const SHOP = 'mem://retention-shop';
const DAY = 86_400_000;
const enc = new TextEncoder();
const fast = ['--factors', '8', '--iterations', '3', '--threads', '1', '--compute', 'js', '--gan', 'skip'];
const midnight = Math.floor(Date.now() / DAY) * DAY;
const partition = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `events/dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
};
const event = (id: string, userId: string, ts: number) =>
  JSON.stringify({ eventId: id, type: 'purchase', itemId: 'i1', userId, ts: new Date(ts).toISOString() });

beforeAll(async () => {
  // Two recent days of shop traffic, plus one user seen only 40 days ago, and one old event of
  // another user that arrived late and was filed under this hour's partition.
  await generateStorefront(
    { seed: 8, items: 100, users: 60, events: 3000, days: 2, start: midnight - 2 * DAY },
    { store: SHOP },
  );
  const shop = openStore(SHOP);
  const old = midnight - 40 * DAY;
  const lines = Array.from({ length: 5 }, (_, n) => event(`old-${n}`, 'old-shopper', old + n * 1000));
  await shop.put(`${partition(old)}/old.ndjson`, enc.encode(`${lines.join('\n')}\n`));
  await shop.put(
    `${partition(Date.now())}/late.ndjson`,
    enc.encode(`${event('late-1', 'late-old-shopper', old)}\n`),
  );
});

describe('event retention', () => {
  it('deletes only partitions whose hour ended before the cut-off', async () => {
    const store = openStore('mem://retention-unit');
    const now = Date.parse('2026-03-01T12:30:00Z');
    for (const key of [
      'events/dt=2026-01-30/hour=11/a.ndjson',
      'events/dt=2026-01-30/hour=12/b.ndjson',
      'events/undated.ndjson',
    ])
      await store.put(key, enc.encode('{}\n'));
    const result = await expireEvents(store, 30, new Date(now)); // cut-off 2026-01-30T12:30Z
    expect(result.deletedFiles).toBe(1);
    expect((await store.list('events/')).map((b) => b.key)).toEqual([
      'events/dt=2026-01-30/hour=12/b.ndjson',
      'events/undated.ndjson',
    ]);
  });

  it('pipeline --retain-days deletes old partitions and trains on nothing older', async () => {
    const run = await runCli([
      'pipeline',
      '--data',
      SHOP,
      '--store',
      'mem://retention-models',
      '--work',
      'mem://retention-run',
      '--retain-days',
      '30',
      ...fast,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).privacy.retention.deletedFiles).toBe(1);
    const keys = (await openStore(SHOP).list('events/')).map((b) => b.key);
    expect(keys.some((k) => k.endsWith('/old.ndjson'))).toBe(false);
    expect(keys.some((k) => k.endsWith('/late.ndjson'))).toBe(true);
    const model = await loadModel(openStore('mem://retention-run'), 'model');
    expect(model.userIds).not.toContain('old-shopper');
    expect(model.userIds).not.toContain('late-old-shopper');
    expect(model.userIds.length).toBeGreaterThan(30);
  });
});
