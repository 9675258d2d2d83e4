/**
 * User deletion end to end: `vitrine users delete` files a request; the next pipeline run
 * erases the user's events, trains and publishes without them, expires the kept versions that
 * held their vector, and retires the request — after which no blob in the model store (user-shard
 * id tables included) and no file in the data store contains the id's bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { APPLIED_DELETIONS_PREFIX, DELETIONS_PREFIX } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { listVersions } from '../../../batch/src/publish/versions.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { AWFUL_MODEL_FLAGS, QUICK_RUN_FLAGS, runCli } from '../publish/support.ts';

const SHOP = 'mem://deletion-shop';
const MODELS = 'mem://deletion-models';
// Distinctive ids, so a byte match can only be this user (or their session), never chance.
const DOOMED = 'zz-doomed-user-7f3a9c';
const SESSION = 'zz-doomed-session-c41e';
const fast = QUICK_RUN_FLAGS;
const enc = new TextEncoder();

function event(n: number, extra: Record<string, string>): string {
  return JSON.stringify({
    eventId: `doomed-${n}`,
    type: 'click',
    itemId: `i${n % 7}`,
    ts: '2026-01-01T12:00:00Z',
    ...extra,
  });
}

/** Keys of every blob in `store` whose bytes contain `needle`. */
async function holding(store: BlobStore, needle: string): Promise<string[]> {
  const bytes = enc.encode(needle);
  const found: string[] = [];
  for (const { key } of await store.list('')) {
    const blob = Buffer.from(await store.get(key));
    if (blob.indexOf(bytes) >= 0) found.push(key);
  }
  return found;
}

const pipeline = (version: string) =>
  runCli([
    'pipeline',
    '--data',
    SHOP,
    '--store',
    MODELS,
    '--version',
    version,
    '--gate-margin',
    '1',
    ...fast,
  ]);

beforeAll(async () => {
  await generateStorefront({ seed: 6, items: 120, users: 80, events: 4000, days: 1 }, { store: SHOP });
  const shop = openStore(SHOP);
  // The user's logged-in events, one anonymous event of the same session before the login (in
  // another file), and a torn line naming them.
  const logged = Array.from({ length: 30 }, (_, n) => event(n, { userId: DOOMED, sessionId: SESSION }));
  await shop.put('events/dt=2026-01-01/hour=12/doomed.ndjson', enc.encode(`${logged.join('\n')}\n`));
  const before = [event(99, { sessionId: SESSION }), `{"eventId":"torn","userId":"${DOOMED}","ty`];
  await shop.put('events/dt=2026-01-01/hour=11/anon.ndjson', enc.encode(`${before.join('\n')}\n`));
});

describe('vitrine users delete + pipeline', () => {
  it('removes the user from every published blob, the kept versions and the data store', async () => {
    expect((await pipeline('v1')).code).toBe(0);
    expect((await pipeline('v2')).code).toBe(0);
    const models = openStore(MODELS);
    // The scan finds the id while it is published (v1 and v2 share the deterministic user
    // shard that holds it): the scan below is not vacuous.
    expect((await holding(models, DOOMED)).length).toBeGreaterThanOrEqual(1);

    const filed = await runCli(['users', 'delete', DOOMED, '--data', SHOP]);
    expect(filed.code).toBe(0);
    const shop = openStore(SHOP);
    expect(await shop.list(DELETIONS_PREFIX)).toHaveLength(1);

    const run = await pipeline('v3');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.out);
    expect(summary.privacy).toMatchObject({ pendingRequests: 1, appliedRequests: 1 });
    expect(summary.privacy.expiredVersions.sort()).toEqual(['v1', 'v2']);
    expect(summary.privacy.erasedEvents).toBe(32);

    expect(await holding(models, DOOMED)).toEqual([]);
    expect(await holding(models, SESSION)).toEqual([]);
    expect(await holding(shop, DOOMED)).toEqual([]);
    expect(await holding(shop, SESSION)).toEqual([]);
    expect((await listVersions(models)).map((v) => v.version)).toEqual(['v3']);
    await expect(rollback(models, { version: 'v2' })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await readCurrent(models))?.manifest.version).toBe('v3');
    expect(await shop.list(DELETIONS_PREFIX)).toEqual([]);
    expect(await shop.list(APPLIED_DELETIONS_PREFIX)).toHaveLength(1);
  });

  it('keeps the deleted user out of later training when their events arrive again', async () => {
    const shop = openStore(SHOP);
    const late = Array.from({ length: 10 }, (_, n) => event(200 + n, { userId: DOOMED }));
    await shop.put('events/dt=2026-01-02/hour=00/late.ndjson', enc.encode(`${late.join('\n')}\n`));
    const run = await pipeline('v4');
    expect(run.code).toBe(0);
    expect(await holding(openStore(MODELS), DOOMED)).toEqual([]);
    await shop.delete('events/dt=2026-01-02/hour=00/late.ndjson');
  });

  it('leaves a request pending while the gate refuses the new model', async () => {
    const filed = await runCli(['users', 'delete', 'u001', '--data', SHOP]);
    expect(filed.code).toBe(0);
    const worse = [...AWFUL_MODEL_FLAGS, '--threads', '1', '--compute', 'js', '--gan', 'skip'];
    const refused = await runCli([
      'pipeline',
      '--data',
      SHOP,
      '--store',
      MODELS,
      '--gate-margin',
      '0',
      ...worse,
    ]);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.out).privacy).toMatchObject({ pendingRequests: 1, appliedRequests: 0 });
    expect(await openStore(SHOP).list(DELETIONS_PREFIX)).toHaveLength(1);
  });
});
