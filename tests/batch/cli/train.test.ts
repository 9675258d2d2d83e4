import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { ItemMetadataRow, TrainingMetrics } from '#shared/schemas';
import { loadModel } from '../../../batch/src/models/mf/model.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { runVitrine } from '../../support/vitrine-cli.ts';

let dir: string;

/** 60 users in 3 taste groups over 30 items (10 per category), plus one catalogue-only item. */
async function writeInputs(): Promise<void> {
  const rng = createRng(9);
  const rows = ['user,item,weight'];
  for (let u = 0; u < 60; u++) {
    for (let i = 0; i < 30; i++) {
      if (Math.floor(i / 10) === u % 3 ? rng.next() < 0.5 : rng.next() < 0.03)
        rows.push(`u${u},i${i},${1 + (i % 3)}`);
    }
  }
  rows.push('u1,i2,not-a-number'); // reported, not fatal
  await writeFile(join(dir, 'clicks.csv'), `${rows.join('\n')}\n`);
  const items = Array.from({ length: 31 }, (_, i) =>
    JSON.stringify({
      itemId: `i${i}`,
      category: ['Women > Tops', 'Women > Dresses', 'Men > Shoes'][Math.floor(i / 10) % 3],
      currency: 'EUR',
      brand: `b${i % 2}`,
      price: 30,
      tags: [],
    }),
  );
  await writeFile(join(dir, 'catalogue.jsonl'), `${items.join('\n')}\n`);
}

const run = (argv: string[]) => runVitrine(argv, 'debug');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-train-'));
  await writeInputs();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vitrine train (end to end on a file:// store)', () => {
  it('writes metrics.json, the model and items.jsonl, with cold catalogue items from features', async () => {
    const { code, logs, err } = await run([
      'train',
      '--data',
      `file://${dir}/clicks.csv`,
      '--catalogue',
      `file://${dir}/catalogue.jsonl`,
      '--out',
      `file://${dir}/out`,
      '--factors',
      '4',
      '--iterations',
      '4',
      '--mf.compute',
      'js',
      '--threads',
      '1',
      '--mf.refitIterations',
      '2',
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const metrics = TrainingMetrics.parse(JSON.parse(await readFile(join(dir, 'out/metrics.json'), 'utf8')));
    expect(Object.keys(metrics.models).sort()).toEqual(['ials-4', 'popularity']);
    expect(metrics.models['ials-4']!['ndcg@10']).toBeGreaterThan(metrics.models.popularity!['ndcg@10']!);
    expect(metrics.data.users).toBe(60);

    const model = await loadModel(openStore(`file://${dir}/out`), 'model');
    expect(model.dim).toBe(4);
    expect(model.itemIds).toContain('i30'); // only in the catalogue
    // Every level of a category path is a feature.
    expect(model.features?.names).toEqual(expect.arrayContaining(['category=women', 'category=women/tops']));
    const items = (await readFile(join(dir, 'out/items.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => ItemMetadataRow.parse(JSON.parse(l)));
    expect(items.map((r) => r.itemId)).toEqual(model.itemIds);
    expect(items.find((r) => r.itemId === 'i30')).toMatchObject({
      source: 'features',
      popularity: 0,
      category: 'women/tops',
    });

    const bad = logs.find((l) => l.event === 'interactions.bad_rows');
    expect(bad).toMatchObject({ level: 'warn', count: 1 });
    expect(String((bad!.first as string[])[0])).toMatch(
      /clicks\.csv:\d+: weight "not-a-number" is not a number/,
    );
    // The split model's 4 sweeps, then 2 warm sweeps on all data (not 4 more from scratch).
    expect(logs.filter((l) => l.event === 'train.sweep').length).toBe(6);
    expect(metrics.training.iterations).toBe(6);
    expect(logs.every((l) => typeof l.ts === 'string' && typeof l.level === 'string')).toBe(true);
  });

  it('evaluates a saved model with vitrine eval', async () => {
    const trained = await run([
      'train',
      '--data',
      `file://${dir}/clicks.csv`,
      '--out',
      `file://${dir}/split-model`,
      '--factors',
      '4',
      '--iterations',
      '4',
      '--no-refit',
      '--mf.compute',
      'js',
      '--threads',
      '1',
    ]);
    expect(trained.code).toBe(0);
    const { code, out } = await run([
      'eval',
      '--model',
      `file://${dir}/split-model`,
      '--data',
      `file://${dir}/clicks.csv`,
    ]);
    expect(code).toBe(0);
    const models = JSON.parse(out);
    const saved = TrainingMetrics.parse(
      JSON.parse(await readFile(join(dir, 'split-model/metrics.json'), 'utf8')),
    );
    // Same split seed, same saved model: eval reproduces train's held-out numbers.
    expect(models['ials-4']['ndcg@10']).toBeCloseTo(saved.models['ials-4']!['ndcg@10']!, 10);
  });

  it("trains from the edge's event files and a catalogue prefix (the synthetic store on disk)", async () => {
    await generateStorefront(
      { seed: 2, items: 120, users: 80, events: 3000, days: 2 },
      { store: `file://${dir}/shop` },
    );
    const { code, logs } = await run([
      'train',
      '--data',
      `file://${dir}/shop`,
      '--format',
      'events',
      '--catalogue',
      `file://${dir}/shop/catalogue/`,
      '--out',
      `file://${dir}/shop-run`,
      '--factors',
      '8',
      '--iterations',
      '3',
      '--mf.compute',
      'js',
      '--threads',
      '1',
    ]);
    expect(code).toBe(0);
    expect(logs.find((l) => l.event === 'interactions.report')).toMatchObject({ rowsBad: 0 });
    const model = await loadModel(openStore(`file://${dir}/shop-run`), 'model');
    expect(model.itemIds.length).toBe(120); // every catalogue item, interacted with or not
    expect(model.features?.names.some((n) => n.startsWith('brand='))).toBe(true);
  });

  it('fails with exit code 1 and an error log line when the data is missing', async () => {
    const { code, logs } = await run([
      'train',
      '--data',
      `file://${dir}/absent.csv`,
      '--format',
      'csv',
      '--out',
      `file://${dir}/x`,
    ]);
    expect(code).toBe(1);
    expect(logs.at(-1)).toMatchObject({ level: 'error', event: 'failed', kind: 'not_found' });
  });

  it('says which file is missing (exit 2) when --format auto has nothing to look at', async () => {
    const { code, logs } = await run(['train', '--data', join(dir, 'absent.csv'), '--out', join(dir, 'x')]);
    expect(code).toBe(2);
    expect(logs.at(-1)).toMatchObject({ event: 'failed', kind: 'invalid_argument' });
    expect(JSON.stringify(logs.at(-1))).toContain('no data at');
  });
});
