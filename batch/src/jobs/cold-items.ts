/**
 * Cold catalogue items for `vitrine train` / `pipeline`: items the catalogue lists but nobody has
 * interacted with get vectors from their features, appended to the model's items and published
 * as normal item vectors (marked `source: "features"` in the item rows).
 *
 * `MfConfig.coldStart`: `towers` (default) trains the MLP feature tower (models/towers) against
 * the trained factors and embeds the cold items with it; `ridge` uses the linear ridge map alone.
 * The ridge map is fitted either way and kept with the model (model.features: small, and what an
 * older reader of the model expects). Why towers: on held-out cold items they rank better than the
 * ridge map and than a content baseline (docs/benchmarks.md, "Cold start").
 */
import type { Catalogue } from '../data/catalogue.ts';
import { type InteractionSet, toCsr } from '../data/interactions.ts';
import {
  catalogueFeatureSources,
  catalogueFeatures,
  embedFeatures,
  fitFeatureMap,
  itemFeatureNames,
} from '../models/mf/features.ts';
import type { MfModel } from '../models/mf/model.ts';
import { disposeTower, embedRows, itemTowerData, trainTower } from '../models/towers/index.ts';
import type { JobContext } from '../observe/index.ts';

/** What the cold items were given: per appended item its source, and the arrays grown in place. */
export interface ColdItemsInput {
  model: MfModel;
  catalogue: Catalogue;
  /** The interactions the model's factors were trained on (user/item index space of the model). */
  trainedOn: InteractionSet;
  /** Distinct users per item; cold items are appended with 0. */
  popularity: number[];
  sources: ('trained' | 'features')[];
}

/**
 * Fits the feature map on trained items and appends catalogue-only items with feature vectors
 * (tower or ridge, per `model.config.coldStart`).
 *
 * @example
 * await addColdItems({ model, catalogue, trainedOn: set, popularity, sources }, ctx);
 */
export async function addColdItems(input: ColdItemsInput, ctx: JobContext): Promise<void> {
  const { model, catalogue, popularity, sources } = input;
  const map = fitFeatureMap(catalogueFeatures(catalogue, model.itemIds), model.itemFactors, model.dim, {
    counts: popularity,
  });
  model.features = map;
  const known = new Set(model.itemIds);
  const extra: number[] = [];
  for (let r = 0; r < catalogue.length; r++) if (!known.has(catalogue.ids[r]!)) extra.push(r);
  const extraIds = extra.map((r) => catalogue.ids[r]!);
  const useTowers = model.config.coldStart === 'towers' && extra.length > 0 && towerAffordable(model, ctx);
  const coldVectors = useTowers
    ? await towerVectors(input, extraIds, ctx)
    : ridgeVectors(catalogue, extra, (names) => embedFeatures(map, names), model.dim);
  const itemFactors = new Float32Array((model.itemIds.length + extra.length) * model.dim);
  itemFactors.set(model.itemFactors);
  itemFactors.set(coldVectors, model.itemFactors.length);
  for (let k = 0; k < extra.length; k++) {
    popularity.push(0);
    sources.push('features');
  }
  model.itemIds = [...model.itemIds, ...extraIds];
  model.itemFactors = itemFactors;
  ctx.log.info('features.fitted', {
    features: map.names.length,
    coldItems: extra.length,
    method: useTowers ? 'towers' : 'ridge',
  });
}

/**
 * The tower's training cost grows with the trained catalogue and its users (candidates × steps ×
 * epochs, on the tfjs WASM backend here): 70 s of an 89 s pipeline at 20k items / 200k events and
 * well over an hour at 1M items / 10M events, where its measured gain over the ridge map is small
 * (docs/benchmarks.md, cold start). Above `towerMaxItems` the ridge map is used, and the log says so.
 */
function towerAffordable(model: MfModel, ctx: JobContext): boolean {
  const limit = model.config.towerMaxItems;
  if (limit === 0 || model.itemIds.length <= limit) return true;
  ctx.log.info('towers.skipped', {
    trainedItems: model.itemIds.length,
    towerMaxItems: limit,
    method: 'ridge',
  });
  return false;
}

function ridgeVectors(
  catalogue: Catalogue,
  rows: number[],
  embed: (names: string[]) => Float32Array,
  dim: number,
): Float32Array {
  const sourceOf = catalogueFeatureSources(catalogue);
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, k) => {
    out.set(embed(itemFeatureNames(sourceOf(r))), k * dim);
  });
  return out;
}

/** Trains the item tower on the trained items and embeds the cold ones (rows after the model's). */
async function towerVectors(
  input: ColdItemsInput,
  extraIds: string[],
  ctx: JobContext,
): Promise<Float32Array> {
  const { model, catalogue, trainedOn } = input;
  const trainedItems = model.itemIds.length;
  const features = catalogueFeatures(catalogue, [...model.itemIds, ...extraIds]);
  const byUser = toCsr(trainedOn, 'user');
  const result = await trainTower(itemTowerData(model, features, byUser, trainedItems), {
    seed: model.config.seed,
  });
  const rows = Array.from(extraIds, (_, k) => trainedItems + k);
  const vectors = embedRows(result.tower, features, rows);
  disposeTower(result.tower);
  ctx.log.info('towers.trained', {
    backend: result.backend,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    validationLoss: Number(result.validationLoss.toFixed(4)),
    seconds: Number(result.seconds.toFixed(1)),
    inputs: result.tower.vocab.names.length,
  });
  return vectors;
}
