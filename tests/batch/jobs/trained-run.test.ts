import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/errors';
import { EvalConfig, MfConfig, type TrainingMetrics } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { catalogueJsonl } from '../../../batch/src/data/catalogue-publish.ts';
import { parseFeed } from '../../../batch/src/data/feed.ts';
import { readTrainedRun, type TrainedRun, writeTrainedRun } from '../../../batch/src/jobs/trained-run.ts';

function trainedRun(): TrainedRun {
  const metrics: TrainingMetrics = {
    createdAt: '2026-12-03T08:00:00.000Z',
    eval: EvalConfig.parse({}),
    data: { users: 2, items: 2, interactions: 3, train: 2, test: 1, evaluatedUsers: 1 },
    models: { popularity: { 'ndcg@10': 0.25 }, 'ials-2': { 'ndcg@10': 0.5 } },
    primary: 'ials-2',
    training: { seconds: 0.5, backend: 'js', compute: 'js', iterations: 4 },
  };
  return {
    model: {
      userIds: ['alice', 'bob'],
      itemIds: ['sku-1', 'sku-2'],
      dim: 2,
      userFactors: Float32Array.of(1, 0, 0, 1),
      itemFactors: Float32Array.of(0.5, 0.1, -1, 0.25),
      config: MfConfig.parse({ factors: 2 }),
      interactions: 3,
      backend: 'js',
      activityScale: 1,
    },
    items: [
      { itemId: 'sku-1', popularity: 2, source: 'trained', available: true, brand: 'acme' },
      { itemId: 'sku-2', popularity: 1, source: 'trained', available: false },
    ],
    metrics,
  };
}

const readError = async (store: MemoryStore) => {
  const error = await readTrainedRun(store).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('TrainedRun storage', () => {
  it('reads back the model, the item rows and the metrics it wrote', async () => {
    const store = new MemoryStore('run');
    await writeTrainedRun(store, trainedRun());
    const back = await readTrainedRun(store);
    const run = trainedRun();
    expect(back.items).toEqual(run.items);
    expect(back.metrics).toEqual(run.metrics);
    expect(back.model.itemIds).toEqual(run.model.itemIds);
    expect([...back.model.itemFactors]).toEqual([...run.model.itemFactors]);
    expect(back.model.config).toEqual(run.model.config);
  });

  it('keeps the catalogue training had, so `vitrine publish` publishes it like the pipeline does', async () => {
    const store = new MemoryStore('run-catalogue');
    const feed =
      'id,title,price,product_type\nsku-1,Knife,12.00 EUR,Home > Kitchen\nsku-2,Pan,30 EUR,Home > Kitchen\n';
    const catalogue = parseFeed(new TextEncoder().encode(feed), 'feed.csv').data;
    await writeTrainedRun(store, { ...trainedRun(), catalogue });
    const back = await readTrainedRun(store);
    expect(back.catalogue?.ids).toEqual(['sku-1', 'sku-2']);
    expect(Buffer.from(catalogueJsonl(back.catalogue!)).equals(Buffer.from(catalogueJsonl(catalogue)))).toBe(
      true,
    );
  });

  it('reports a metrics document that does not match its schema as corrupt, naming the field', async () => {
    const store = new MemoryStore('run-bad-metrics');
    await writeTrainedRun(store, trainedRun());
    await store.put(
      'metrics.json',
      new TextEncoder().encode(JSON.stringify({ ...trainedRun().metrics, primary: 7 })),
    );
    const error = await readError(store);
    expect(error.kind).toBe('corrupt');
    expect(error.key).toBe('metrics.json');
    expect(error.message).toContain('at primary');
  });

  it('reports the line number of a damaged item row', async () => {
    const store = new MemoryStore('run-bad-items');
    await writeTrainedRun(store, trainedRun());
    const rows = new TextDecoder().decode(await store.get('items.jsonl')).split('\n');
    rows[1] = '{"itemId":"sku-2","popularity":-1,"source":"trained","available":true}';
    await store.put('items.jsonl', new TextEncoder().encode(rows.join('\n')));
    const error = await readError(store);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain('items.jsonl line 2');
  });

  it('says not_found for a store without a run', async () => {
    expect((await readError(new MemoryStore('empty'))).kind).toBe('not_found');
  });
});
