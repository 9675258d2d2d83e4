/**
 * Damaged live state: the pipeline must not mistake an unreadable pointer for an empty store
 * (that skipped the gate and published a far worse model with exit 0), and `rollback` must be
 * able to repair the pointer from the kept manifests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_POINTER_KEY } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readLiveState } from '../../../batch/src/publish/live-state.ts';
import { readCurrent, readManifest, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { AWFUL_MODEL_FLAGS, expectConsistent, runCli, threeVersions } from './support.ts';

const SHOP = 'mem://live-state-shop';
const ctx = quietContext('error');
const small = { mf: { factors: 8, iterations: 4, threads: 1, compute: 'js' as const }, evalUsers: 0 };
const fast = ['--factors', '8', '--iterations', '4', '--threads', '1', '--compute', 'js', '--gan', 'skip'];
const awful = [...AWFUL_MODEL_FLAGS, '--threads', '1', '--compute', 'js', '--gan', 'skip'];
const cli = (...argv: string[]) => runCli(argv, 'warn');

const truncate = async (store: MemoryStore, keep: number) => {
  const bytes = await store.get(CURRENT_POINTER_KEY);
  await store.put(CURRENT_POINTER_KEY, bytes.subarray(0, keep));
};

beforeAll(async () => {
  await generateStorefront({ seed: 9, items: 150, users: 100, events: 5000, days: 2 }, { store: SHOP });
});

describe('pipeline over unreadable live state', () => {
  it('refuses to publish over a truncated pointer (non-zero exit naming the repair), and --force overrides', async () => {
    const uri = 'mem://live-state-truncated';
    expect((await cli('pipeline', '--data', SHOP, '--store', uri, '--version', 'good', ...fast)).code).toBe(
      0,
    );
    const store = openStore(uri) as MemoryStore;
    await truncate(store, 25);
    const refused = await cli('pipeline', '--data', SHOP, '--store', uri, '--version', 'bad', ...awful);
    expect(refused.code).not.toBe(0);
    expect(refused.log).toMatch(/live state is unreadable/);
    expect(refused.log).toMatch(/vitrine rollback/);
    expect((await store.list('manifests/')).map((b) => b.key)).not.toContain('manifests/bad.json');
    const forced = await cli(
      'pipeline',
      '--data',
      SHOP,
      '--store',
      uri,
      '--version',
      'forced',
      '--force',
      ...fast,
    );
    expect(forced.code).toBe(0);
    expect((await readCurrent(store))?.manifest.version).toBe('forced');
  });

  it('treats a deleted pointer with kept versions as unreadable, not as an empty store', async () => {
    const store = await threeVersions('live-state-deleted');
    await store.delete(CURRENT_POINTER_KEY);
    expect((await readLiveState(store)).kind).toBe('unreadable');
    expect((await readLiveState(new MemoryStore('live-state-empty'))).kind).toBe('empty');
    await expect(runPipeline({ data: SHOP, store, ...small }, ctx)).rejects.toMatchObject({
      kind: 'precondition_failed',
    });
  });
});

describe('rollback repairs the live pointer', () => {
  it('rebuilds a truncated pointer to the version its surviving text names', async () => {
    const store = await threeVersions('repair-hint');
    await rollback(store, { version: 'v2' });
    await truncate(store, 20); // '{"version":"v2","ma' — the version survived
    const result = await rollback(store);
    expect(result).toMatchObject({ from: null, to: 'v2' });
    expect(result.repaired).toMatch(/pointer/);
    expect(await expectConsistent(store)).toBe('v2');
  });

  it('rebuilds an unparseable or deleted pointer to the newest complete kept version', async () => {
    const store = await threeVersions('repair-newest');
    await store.put(CURRENT_POINTER_KEY, new TextEncoder().encode('{'));
    const v3 = await readCurrent(store).catch(() => null);
    expect(v3).toBeNull();
    // The newest version lost a blob: the repair skips it rather than point at a broken model.
    const { manifest } = await readManifest(store, 'v3');
    await store.delete(manifest.users.shards[0]!.key);
    expect(await rollback(store)).toMatchObject({ to: 'v2' });
    const live = await readCurrent(store);
    expect(live?.manifest.version).toBe('v2');
    await verifyManifestBlobs(store, live!.manifest);
    await store.delete(CURRENT_POINTER_KEY);
    const again = await rollback(store);
    expect(again.to).toBe('v2');
    expect(again.repaired).toMatch(/missing/);
  });

  it('repairs through the CLI: rollback exits 0 on a corrupt pointer and the next pipeline gates again', async () => {
    const uri = 'mem://live-state-cli-repair';
    expect((await cli('pipeline', '--data', SHOP, '--store', uri, '--version', 'good', ...fast)).code).toBe(
      0,
    );
    const store = openStore(uri) as MemoryStore;
    await truncate(store, 10);
    const repaired = await cli('rollback', '--store', uri);
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.out)).toMatchObject({ to: 'good' });
    const worse = await cli('pipeline', '--data', SHOP, '--store', uri, '--gate-margin', '0', ...awful);
    expect(worse.code).toBe(3);
    expect(JSON.parse(worse.out).gate.message).toMatch(/worse than live good/);
  });
});

describe('gate against popularity', () => {
  it('refuses a first publish below the popularity baseline on the same split', async () => {
    const uri = 'mem://live-state-popularity';
    const result = await cli('pipeline', '--data', SHOP, '--store', uri, ...awful);
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.out);
    expect(summary.gate.message).toMatch(/below the popularity baseline/);
    expect(summary.gate.baseline).toBeGreaterThan(summary.gate.candidate);
    expect(await readCurrent(openStore(uri))).toBeNull();
  });
});
