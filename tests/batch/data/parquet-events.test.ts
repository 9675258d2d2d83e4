import { describe, expect, it } from 'vitest';
import type { BlobStore } from '#shared/storage';
import { loadBehaviourEvents } from '../../../batch/src/data/events.ts';
import { type InteractionSet, toCsr } from '../../../batch/src/data/interactions.ts';
import { compactEvents } from '../../../batch/src/data/parquet/compact.ts';
import { loadEvents } from '../../../batch/src/data/parquet/engine.ts';
import { loadEventsParquet } from '../../../batch/src/data/parquet/load.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { useS3rver } from '../../support/s3rver.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const enc = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
const ev = (o: Record<string, unknown>) => JSON.stringify({ context: 'test', ...o });
const HOUR = 'events/dt=2026-01-05/hour=10/';

/** user|item → summed weight, by external ids (index spaces differ between loaders). */
function pairsOf(set: InteractionSet): Map<string, number> {
  const csr = toCsr(set, 'user');
  const out = new Map<string, number>();
  for (let u = 0; u < set.userIds.length; u++) {
    for (let p = csr.indptr[u]!; p < csr.indptr[u + 1]!; p++) {
      out.set(`${set.userIds[u]}|${set.itemIds[csr.indices[p]!]}`, csr.values[p]!);
    }
  }
  return out;
}

const dir = useTempDir('vitrine-parquet-');
const s3 = useS3rver();

describe('events compacted to Parquet and aggregated by DuckDB', () => {
  it('builds the same interaction matrix as the NDJSON loader from a synthetic shop', async () => {
    const uri = `file://${dir('shop')}`;
    await generateStorefront({ seed: 4, items: 300, users: 80, events: 6000, days: 1 }, { store: uri });
    const { report } = await compactEvents(uri);
    expect(report.rowsBad).toBe(0);
    expect(report.parquetFiles).toBeGreaterThan(0);
    const parquet = await loadEventsParquet(uri);
    const ndjson = await loadBehaviourEvents(uri);
    expect(parquet.report.rowsKept).toBe(ndjson.report.rowsKept);
    expect(parquet.report.byType).toEqual(ndjson.report.byType);
    const a = pairsOf(parquet.data);
    const b = pairsOf(ndjson.data);
    expect(a.size).toBe(b.size);
    for (const [k, w] of b) expect(a.get(k)).toBeCloseTo(w, 4);
  });

  it('rejects invalid lines once, at compaction, naming file, line and field, and skips compacted files on a rerun', async () => {
    const uri = `file://${dir('bad')}`;
    const store = openStore(uri);
    await store.put(
      `${HOUR}part-0.ndjson`,
      enc([
        ev({ eventId: 'e1', type: 'view', itemId: 'sku-1', userId: 'alice', ts: '2026-01-05T10:01:00Z' }),
        '{"eventId":"e2"',
        ev({ eventId: 'e3', type: 'wishlist', itemId: 'sku-2', userId: 'bob', ts: '2026-01-05T10:02:00Z' }),
        ev({
          eventId: 'e4',
          type: 'click',
          itemId: 'sku-2',
          sessionId: 's9',
          ts: '2026-01-05T10:03:00.500Z',
        }),
      ]),
    );
    const first = await compactEvents(store);
    expect(first.report).toMatchObject({ files: 1, rowsKept: 2, rowsBad: 2 });
    expect(first.report.badRows.map((b) => [b.line, b.reason.split(':')[0]])).toEqual([
      [2, 'invalid JSON'],
      [3, 'type'],
    ]);
    const again = await compactEvents(store);
    expect(again.report).toMatchObject({ files: 0, filesAlreadyCompacted: 1, parquetFiles: 0 });
    const { data, report } = await loadEventsParquet(store);
    expect(report).toMatchObject({ rowsKept: 2, rowsBad: 0 });
    expect([...data.userIds].sort()).toEqual(['alice', 'session:s9']);
  });

  it('counts a retry compacted in a later batch once and keeps only events inside [since, until)', async () => {
    const store = openStore(`file://${dir('retry')}`);
    const e1 = ev({
      eventId: 'e1',
      type: 'purchase',
      itemId: 'sku-1',
      userId: 'alice',
      ts: '2026-01-05T10:01:00Z',
    });
    await store.put(`${HOUR}part-0.ndjson`, enc([e1]));
    await compactEvents(store);
    await store.put(
      `${HOUR}part-1.ndjson`,
      enc([
        e1,
        ev({ eventId: 'e2', type: 'view', itemId: 'sku-2', userId: 'alice', ts: '2026-01-05T10:59:00Z' }),
      ]),
    );
    await compactEvents(store);
    const all = await loadEventsParquet(store, { weights: { purchase: 5, view: 1 } });
    expect(all.report).toMatchObject({ rowsRead: 3, rowsKept: 2, duplicates: 1 });
    expect(pairsOf(all.data)).toEqual(
      new Map([
        ['alice|sku-1', 5],
        ['alice|sku-2', 1],
      ]),
    );
    const late = await loadEventsParquet(store, { since: Date.parse('2026-01-05T10:30:00Z') });
    expect(pairsOf(late.data)).toEqual(new Map([['alice|sku-2', 1]]));
  });

  it('compacts and loads through an S3 API (s3rver), spooling Parquet to local disk', async () => {
    const store: BlobStore = openStore(s3.uri('shop'));
    await generateStorefront({ seed: 5, items: 200, users: 50, events: 3000, days: 1 }, { store });
    const { report } = await compactEvents(store);
    expect(report.rowsKept).toBeGreaterThan(2500);
    const parquet = await loadEventsParquet(store);
    expect(parquet.report.spooledBytes).toBeGreaterThan(0);
    const ndjson = await loadBehaviourEvents(store);
    expect(pairsOf(parquet.data)).toEqual(pairsOf(ndjson.data));
  });

  it('reads a never-compacted store as NDJSON, and a compacted one through DuckDB including files that arrived since', async () => {
    const store = openStore(`file://${dir('engine')}`);
    const line = (id: string, item: string) =>
      ev({ eventId: id, type: 'view', itemId: item, userId: 'alice', ts: '2026-01-05T10:01:00Z' });
    await store.put(`${HOUR}part-0.ndjson`, enc([line('e1', 'sku-1')]));
    const small = await loadEvents(store);
    expect(small.engine).toBe('ndjson');
    await compactEvents(store);
    await store.put(`${HOUR}part-1.ndjson`, enc([line('e2', 'sku-2')]));
    const large = await loadEvents(store);
    expect(large.engine).toBe('duckdb');
    expect(large.compacted?.files).toBe(1);
    expect([...pairsOf(large.data).keys()].sort()).toEqual(['alice|sku-1', 'alice|sku-2']);
  });
});
