/**
 * The generator's own gate in `vitrine pipeline --gan retrain`: a clearly worse generator (one
 * step against a live one trained for many) is refused — the embeddings still go out, the live
 * generator stays, the CLI exits 3 and says why — unless forced; and rollback moves the
 * generator back with the embeddings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '#shared/schemas';
import { BUNDLED_DIR } from '../../../batch/src/data/fashion-mnist.ts';
import { decide, type GeneratorScore } from '../../../batch/src/jobs/gan-gate.ts';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { GATE_EXIT_CODE } from '../../../batch/src/publish/gate.ts';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { rollback } from '../../../batch/src/publish/rollback.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { runCli } from '../publish/support.ts';

const SHOP = 'mem://creative-gate-shop';
const STORE = 'mem://creative-gate-models';
const store = openStore(STORE);
const ctx = quietContext('error');
const small = { mf: { factors: 8, iterations: 4, threads: 1, compute: 'js' as const }, evalUsers: 0 };
const tiny = { ganPreset: 'tiny', ganData: BUNDLED_DIR, ganCache: 'mem://creative-gate-classifier' } as const;
const live = async (): Promise<Manifest> => (await readCurrent(store))!.manifest;

let trained: Manifest;

beforeAll(async () => {
  await generateStorefront({ seed: 4, items: 200, users: 120, events: 6000, days: 2 }, { store: SHOP });
  const summary = await runPipeline(
    { data: SHOP, store, ...small, creatives: { ...tiny, gan: 'retrain', ganSteps: 80 } },
    ctx,
  );
  expect(summary.creatives?.action).toBe('trained');
  trained = await live();
}, 300_000);

describe('generator gate', () => {
  it('refuses a worse generator: the live one stays, the embeddings go out, exit 3 names the reason', async () => {
    const { code, out, log } = await runCli([
      'pipeline',
      ...['--data', SHOP, '--store', STORE, '--factors', '8', '--iterations', '4', '--compute', 'js'],
      ...['--gan', 'retrain', '--gan-preset', 'tiny', '--gan-steps', '1'],
      ...['--gan-data', BUNDLED_DIR, '--gan-cache', tiny.ganCache],
    ]);
    expect(code).toBe(GATE_EXIT_CODE);
    expect(log).toContain('pipeline.generator_refused');
    const summary = JSON.parse(out);
    expect(summary.status).toBe('published');
    expect(summary.creatives.action).toBe('kept-live');
    expect(summary.creatives.gate.message).toContain('keeping the live generator');
    const next = await live();
    expect(next.version).toBe(summary.version);
    expect(next.generator).toEqual(trained.generator);
    expect(next.creatives?.map((c) => c.blob.key)).toEqual(trained.creatives?.map((c) => c.blob.key));
  });

  it('publishes it when forced, and rollback brings back the previous generator with the embeddings', async () => {
    const before = await live();
    const forced = await runPipeline(
      { data: SHOP, store, ...small, creatives: { ...tiny, gan: 'retrain', ganSteps: 1, ganForce: true } },
      ctx,
    );
    expect(forced.creatives?.gate).toMatchObject({ passed: true, forced: true });
    const after = await live();
    expect(after.generator?.onnx.key).not.toBe(before.generator?.onnx.key);
    const back = await rollback(store);
    expect(back.to).toBe(before.version);
    const restored = await live();
    expect(restored.items).toEqual(before.items);
    expect(restored.generator).toEqual(before.generator);
    expect(restored.creatives).toEqual(before.creatives);
    expect(restored.brandKit).toEqual(before.brandKit);
  });
});

describe('gate decision', () => {
  const score = (fid: number, classCorrect: number): GeneratorScore => ({
    fid,
    classCorrect,
    fidFloor: 1,
    referenceAccuracy: 0.9,
    samplesPerClass: 10,
  });
  const margins = { fidMargin: 0.1, classCorrectMargin: 0.02, force: false };

  it('passes within the margins and refuses beyond either', () => {
    expect(decide(score(10.9, 0.7), score(10, 0.71), margins).passed).toBe(true);
    expect(decide(score(11.1, 0.8), score(10, 0.71), margins).message).toMatch(
      /Fréchet 11.100 > live 10.000/,
    );
    expect(decide(score(9, 0.68), score(10, 0.71), margins).passed).toBe(false);
  });

  it('passes a candidate with no comparable live generator, and a forced one', () => {
    expect(decide(score(50, 0.1), null, margins).passed).toBe(true);
    expect(decide(score(50, 0.1), score(10, 0.7), { ...margins, force: true })).toMatchObject({
      passed: true,
      forced: true,
    });
  });
});
