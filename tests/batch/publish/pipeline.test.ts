import { beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_STATE_KEY, PipelineState } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readCurrent, verifyManifestBlobs } from '../../../batch/src/publish/read.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { useS3rver } from '../../support/s3rver.ts';
import { AWFUL_MODEL_FLAGS, runCli } from './support.ts';

const SHOP = 'mem://pipeline-test-shop';
const ctx = quietContext('error');
// Typed-array solver in this thread: no tfjs start-up and no worker threads for a tiny model.
const small = { mf: { factors: 8, iterations: 4, threads: 1, compute: 'js' as const }, evalUsers: 0 };

beforeAll(async () => {
  await generateStorefront({ seed: 4, items: 200, users: 120, events: 6000, days: 2 }, { store: SHOP });
});

describe('runPipeline', () => {
  it('trains on edge events, publishes a verifiable version and records the events watermark', async () => {
    const store = new MemoryStore('pipeline-first');
    const summary = await runPipeline({ data: SHOP, catalogue: `${SHOP}/catalogue/`, store, ...small }, ctx);
    expect(summary.status).toBe('published');
    expect(summary.data?.format).toBe('events');
    expect(summary.metrics.popularity?.['ndcg@10']).toBeGreaterThan(0);
    const live = await readCurrent(store);
    expect(live?.manifest.version).toBe(summary.version);
    expect(live?.manifest.model.metrics['ndcg@10']).toBe(summary.gate?.candidate);
    expect(live?.manifest.items.count).toBe(200);
    await verifyManifestBlobs(store, live!.manifest);
    const state = PipelineState.parse(
      JSON.parse(new TextDecoder().decode(await store.get(PIPELINE_STATE_KEY))),
    );
    expect(state.eventsWatermark).toBe(summary.events?.watermark);
    expect(state.eventFiles).toBe(summary.events?.files);
    expect(summary.events?.newFiles).toBe(summary.events?.files);
  });

  it('skips a run with no new events, and counts only the files that arrived since', async () => {
    const store = new MemoryStore('pipeline-watermark');
    await runPipeline({ data: SHOP, store, ...small }, ctx);
    const again = await runPipeline({ data: SHOP, store, skipUnchanged: true, ...small }, ctx);
    expect(again.status).toBe('skipped');
    const shop = openStore(SHOP);
    const line = JSON.stringify({
      eventId: 'late-1',
      type: 'purchase',
      itemId: 'i0',
      userId: 'u1',
      ts: '2030-01-01T00:00:00Z',
    });
    await shop.put('events/dt=2030-01-01/hour=00/edge-1.ndjson', new TextEncoder().encode(`${line}\n`));
    const next = await runPipeline({ data: SHOP, store, skipUnchanged: true, ...small }, ctx);
    expect(next.status).toBe('published');
    expect(next.events?.newFiles).toBe(1);
    expect(next.events?.watermark).toBe('events/dt=2030-01-01/hour=00/edge-1.ndjson');
    await shop.delete('events/dt=2030-01-01/hour=00/edge-1.ndjson');
  });

  it('refuses a clearly worse model unless forced, leaving the live version in place', async () => {
    const store = new MemoryStore('pipeline-gate');
    const good = await runPipeline({ data: SHOP, store, ...small }, ctx);
    const worse = { data: SHOP, store, mf: { ...small.mf, factors: 2, iterations: 1, regularization: 50 } };
    const refused = await runPipeline({ ...worse, publish: { gateMargin: 0 } }, ctx);
    expect(refused.status).toBe('refused');
    expect(refused.gate?.message).toContain(good.version as string);
    expect((await readCurrent(store))?.manifest.version).toBe(good.version);
    const forced = await runPipeline({ ...worse, publish: { gateMargin: 0, force: true } }, ctx);
    expect(forced.status).toBe('published');
    expect(forced.gate?.forced).toBe(true);
  });
});

describe('vitrine pipeline / rollback (CLI)', () => {
  const s3 = useS3rver();

  const run = (...argv: string[]) => runCli(argv);

  it('indexes and publishes a kept training run with vitrine index / vitrine publish', async () => {
    const work = 'mem://pipeline-test-run';
    const store = new MemoryStore('cli-publish');
    await runPipeline({ data: SHOP, store, work, ...small }, ctx);
    const measured = await run('index', '--run', work, '--dtype', 'f16', '--nlist', '8');
    expect(measured.code).toBe(0);
    const { stats } = JSON.parse(measured.out);
    expect(stats.lists).toBe(8);
    expect(stats.calibratedRecall).toBeGreaterThanOrEqual(0.95);
    const target = 'mem://cli-publish-target';
    const published = await run('publish', '--run', work, '--store', target, '--version', 'from-run');
    expect(published.code).toBe(0);
    expect(JSON.parse(published.out)).toMatchObject({ published: true, version: 'from-run' });
    expect((await readCurrent(openStore(target)))?.manifest.version).toBe('from-run');
    // The same run again, against a live model at least as good, within the margin: passes.
    expect((await run('publish', '--run', work, '--store', target, '--version', 'again')).code).toBe(0);
  });

  it('publishes to an S3-protocol store, exits 3 on a gate refusal, and rolls back', async () => {
    const storeUri = s3.uri('models');
    const fast = ['--threads', '1', '--compute', 'js', '--gan', 'skip'];
    const args = ['--data', SHOP, '--store', storeUri, '--factors', '8', '--iterations', '4', ...fast];
    const first = await run('pipeline', ...args, '--dtype', 'int8');
    expect(first.code).toBe(0);
    const v1 = JSON.parse(first.out).version as string;
    expect(JSON.parse(first.out).store).not.toContain('S3RVER'); // credentials never echoed
    const refused = await run(
      'pipeline',
      ...fast,
      '--data',
      SHOP,
      '--store',
      storeUri,
      ...AWFUL_MODEL_FLAGS,
      '--gate-margin',
      '0',
    );
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.out).gate.message).toMatch(/worse than live/);
    const second = await run('pipeline', ...args, '--version', 'v-second');
    expect(second.code).toBe(0);
    const back = await run('rollback', '--store', storeUri);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({ from: 'v-second', to: v1 });
    const live = await readCurrent(openStore(storeUri));
    expect(live?.manifest.items.index.dtype).toBe('int8');
    await verifyManifestBlobs(openStore(storeUri), live!.manifest);
    expect((await run('rollback', 'v-second', '--store', storeUri)).code).toBe(0);
    expect((await readCurrent(openStore(storeUri)))?.manifest.version).toBe('v-second');
  });
});
