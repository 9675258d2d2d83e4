/**
 * Deletion in a store compacted to Parquet: the user's events also live in zstd Parquet batches,
 * which cannot be cut line by line; the batches holding them are dropped and compacted again
 * from the erased NDJSON, so the next load — and every later one — no longer has the user.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compactEvents } from '../../../batch/src/data/parquet/compact.ts';
import { loadEvents } from '../../../batch/src/data/parquet/engine.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { QUICK_RUN_FLAGS, runCli } from '../publish/support.ts';

const SHOP = 'mem://compacted-deletion-shop';
const DOOMED = 'zz-compacted-doomed-91b2';
const fast = [...QUICK_RUN_FLAGS, '--gate-margin', '1'];

beforeAll(async () => {
  await generateStorefront({ seed: 12, items: 100, users: 60, events: 3000, days: 1 }, { store: SHOP });
  const lines = Array.from({ length: 20 }, (_, n) =>
    JSON.stringify({
      eventId: `cd-${n}`,
      type: 'view',
      itemId: `i${n % 5}`,
      userId: DOOMED,
      ts: '2026-01-01T05:00:00Z',
    }),
  );
  await openStore(SHOP).put(
    'events/dt=2026-01-01/hour=05/doomed.ndjson',
    new TextEncoder().encode(`${lines.join('\n')}\n`),
  );
  await compactEvents(SHOP);
});

describe('deletion in a compacted (Parquet) store', () => {
  it('drops the Parquet batches holding the user, so no later load sees them', async () => {
    expect((await loadEvents(openStore(SHOP))).data.userIds).toContain(DOOMED); // compacted: present
    const models = 'mem://compacted-deletion-models';
    expect((await runCli(['pipeline', '--data', SHOP, '--store', models, ...fast])).code).toBe(0);
    expect((await runCli(['users', 'delete', DOOMED, '--data', SHOP])).code).toBe(0);
    const run = await runCli(['pipeline', '--data', SHOP, '--store', models, ...fast]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).privacy).toMatchObject({ appliedRequests: 1, erasedEvents: 20 });
    const after = await loadEvents(openStore(SHOP));
    expect(after.engine).toBe('duckdb');
    expect(after.data.userIds).not.toContain(DOOMED);
    expect(after.data.userIds.length).toBeGreaterThan(30); // the rest was compacted again
  });
});
