import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { CatalogueItem, MfConfig } from '#shared/schemas';
import { CatalogueBuilder } from '../../../batch/src/data/catalogue.ts';
import { InteractionBuilder, toCsr } from '../../../batch/src/data/interactions.ts';
import { addColdItems } from '../../../batch/src/jobs/cold-items.ts';
import {
  catalogueFeatureSources,
  embedFeatures,
  itemFeatureNames,
} from '../../../batch/src/models/mf/features.ts';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import type { MfModel } from '../../../batch/src/models/mf/model.ts';
import { createLogger, type JobContext, quietContext } from '../../../batch/src/observe/index.ts';

const DIM = 16;
const CATS = ['home/kitchen', 'home/bath', 'tech/audio', 'tech/phones'];

/**
 * 4 categories × 3 brands: 200 items with interactions, then 40 catalogue-only items (ids c0…);
 * user u loves category u mod 4 (touches its items often, others rarely).
 */
async function shop(coldStart: 'towers' | 'ridge', towerMaxItems?: number) {
  const rng = createRng(5);
  const cat = new CatalogueBuilder();
  const category = (i: number) => CATS[i % 4]!;
  const add = (itemId: string, i: number) =>
    cat.add(
      CatalogueItem.parse({
        itemId,
        category: category(i).split('/'),
        brand: `b${i % 3}`,
        price: 10,
        currency: 'EUR',
      }),
    );
  for (let i = 0; i < 200; i++) add(`i${i}`, i);
  for (let i = 0; i < 40; i++) add(`c${i}`, i);
  const b = new InteractionBuilder();
  for (let u = 0; u < 160; u++) {
    for (let i = 0; i < 200; i++)
      if (rng.next() < (category(i) === CATS[u % 4] ? 0.3 : 0.01)) b.add(`u${u}`, `i${i}`);
  }
  const set = b.build();
  const config = MfConfig.parse({
    factors: DIM,
    iterations: 8,
    compute: 'js',
    threads: 1,
    coldStart,
    towerMaxItems,
  });
  const trained = await trainIals(set, config);
  const model: MfModel = {
    userIds: set.userIds,
    itemIds: set.itemIds,
    dim: DIM,
    userFactors: trained.userFactors,
    itemFactors: trained.itemFactors,
    config,
    interactions: set.length,
    backend: trained.backend,
    activityScale: trained.activityScale,
  };
  const csr = toCsr(set, 'item');
  const popularity = set.itemIds.map((_, i) => csr.indptr[i + 1]! - csr.indptr[i]!);
  const sources = set.itemIds.map(() => 'trained' as const) as ('trained' | 'features')[];
  const lines: Record<string, unknown>[] = [];
  const ctx: JobContext = {
    ...quietContext('error'),
    log: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(JSON.parse(l)) }),
  };
  const catalogue = cat.build();
  await addColdItems({ model, catalogue, trainedOn: set, popularity, sources }, ctx);
  return { model, catalogue, popularity, sources, lines, category };
}

/** Mean over users of the share of trained items the cold item outscores, fans vs the rest. */
function percentiles(model: MfModel, coldIndex: number, fanOf: (u: number) => boolean) {
  const dot = (a: number, b: number) => {
    let s = 0;
    for (let d = 0; d < DIM; d++) s += model.userFactors[a * DIM + d]! * model.itemFactors[b * DIM + d]!;
    return s;
  };
  const fans: number[] = [];
  const others: number[] = [];
  model.userIds.forEach((id, u) => {
    const mine = dot(u, coldIndex);
    let below = 0;
    for (let i = 0; i < 200; i++) if (dot(u, i) < mine) below++;
    (fanOf(Number(id.slice(1))) ? fans : others).push(below / 200);
  });
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  return { fans: mean(fans), others: mean(others) };
}

describe('cold catalogue items in vitrine train', () => {
  it('get tower vectors that rank high for fans of their category, published as item rows from features', async () => {
    const { model, popularity, sources, lines, category } = await shop('towers');
    expect(model.itemIds.length).toBe(240);
    expect(model.itemFactors.length).toBe(240 * DIM);
    expect(sources.slice(200).every((s) => s === 'features')).toBe(true);
    expect(popularity.slice(200).every((p) => p === 0)).toBe(true);
    expect(lines.find((l) => l.event === 'features.fitted')).toMatchObject({
      method: 'towers',
      coldItems: 40,
    });
    expect(lines.find((l) => l.event === 'towers.trained')).toMatchObject({ backend: expect.any(String) });
    expect(model.features?.names.length).toBeGreaterThan(0); // the ridge map is kept with the model
    for (let c = 0; c < 4; c++) {
      const p = percentiles(model, 200 + c, (u) => CATS[u % 4] === category(c));
      // Fans of a sibling category (same parent) count as "others" and partly like it too.
      expect(p.fans).toBeGreaterThan(0.75);
      expect(p.fans - p.others).toBeGreaterThan(0.25);
    }
  }, 120_000);

  it('use the ridge map alone with coldStart ridge: each cold item gets the embedding of its feature names', async () => {
    const { model, catalogue, lines } = await shop('ridge');
    expect(model.itemIds.length).toBe(240);
    const sourceOf = catalogueFeatureSources(catalogue);
    for (let k = 200; k < 240; k++) {
      const r = catalogue.ids.indexOf(model.itemIds[k]!);
      const want = embedFeatures(model.features!, itemFeatureNames(sourceOf(r)));
      const got = model.itemFactors.subarray(k * DIM, (k + 1) * DIM);
      for (let d = 0; d < DIM; d++) expect(got[d]!).toBeCloseTo(want[d]!, 5);
    }
    expect(lines.find((l) => l.event === 'features.fitted')).toMatchObject({ method: 'ridge' });
    expect(lines.some((l) => l.event === 'towers.trained')).toBe(false);
  }, 120_000);

  it('fall back to the ridge map, and say so, when the trained catalogue exceeds towerMaxItems', async () => {
    const { model, lines } = await shop('towers', 199);
    expect(model.itemIds.length).toBe(240);
    expect(lines.find((l) => l.event === 'towers.skipped')).toMatchObject({
      trainedItems: 200,
      towerMaxItems: 199,
    });
    expect(lines.find((l) => l.event === 'features.fitted')).toMatchObject({
      method: 'ridge',
      coldItems: 40,
    });
    expect(lines.some((l) => l.event === 'towers.trained')).toBe(false);
    const ridge = await shop('ridge');
    expect(model.itemFactors).toEqual(ridge.model.itemFactors);
  }, 120_000);
});
