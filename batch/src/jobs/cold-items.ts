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
  catalogueFeatures,
  type FeatureMap,
  fitFeatureMap,
  type SparseFeatures,
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
  const known = new Set(model.itemIds);
  const extraIds: string[] = [];
  for (let r = 0; r < catalogue.length; r++)
    if (!known.has(catalogue.ids[r]!)) extraIds.push(catalogue.ids[r]!);
  // Features of trained and cold items in one pass (rows: the model's items, then the cold ones):
  // the ridge fit reads the first part, the cold vectors the rest.
  const trained = model.itemIds.length;
  const features = catalogueFeatures(catalogue, [...model.itemIds, ...extraIds]);
  const trainedPart = { ...features, indptr: features.indptr.subarray(0, trained + 1) };
  const map = fitFeatureMap(trainedPart, model.itemFactors, model.dim, { counts: popularity });
  model.features = map;
  const useTowers = model.config.coldStart === 'towers' && extraIds.length > 0 && towerAffordable(model, ctx);
  const coldVectors = useTowers
    ? await towerVectors(input, features, extraIds.length, ctx)
    : ridgeVectors(map, features, trained, extraIds.length);
  const itemFactors = new Float32Array((model.itemIds.length + extraIds.length) * model.dim);
  itemFactors.set(model.itemFactors);
  itemFactors.set(coldVectors, model.itemFactors.length);
  for (let k = 0; k < extraIds.length; k++) {
    popularity.push(0);
    sources.push('features');
  }
  model.itemIds = [...model.itemIds, ...extraIds];
  model.itemFactors = itemFactors;
  ctx.log.info('features.fitted', {
    features: map.names.length,
    coldItems: extraIds.length,
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

/**
 * The ridge map's embedding of rows [from, from + count) of `features`: the intercept plus the
 * weights of each distinct known feature — what `embedFeatures` gives for the row's names, without
 * building the names again for every cold item.
 */
function ridgeVectors(map: FeatureMap, features: SparseFeatures, from: number, count: number): Float32Array {
  const dim = map.dim;
  const column = new Map(map.names.map((name, k) => [name, k]));
  const weightRow = features.names.map((name) => column.get(name) ?? -1);
  const seen = new Int32Array(features.names.length).fill(-1);
  const out = new Float32Array(count * dim);
  for (let k = 0; k < count; k++) {
    const o = k * dim;
    out.set(map.bias, o);
    for (let p = features.indptr[from + k]!; p < features.indptr[from + k + 1]!; p++) {
      const f = features.indices[p]!;
      const w = weightRow[f]!;
      if (w < 0 || seen[f] === k) continue;
      seen[f] = k;
      for (let d = 0; d < dim; d++) out[o + d]! += map.weights[w * dim + d]!;
    }
  }
  return out;
}

/** Trains the item tower on the trained items and embeds the cold ones (the rows after the model's in `features`). */
async function towerVectors(
  input: ColdItemsInput,
  features: SparseFeatures,
  coldItems: number,
  ctx: JobContext,
): Promise<Float32Array> {
  const { model, trainedOn } = input;
  const trainedItems = model.itemIds.length;
  const byUser = toCsr(trainedOn, 'user');
  const result = await trainTower(itemTowerData(model, features, byUser, trainedItems), {
    seed: model.config.seed,
  });
  const rows = Array.from({ length: coldItems }, (_, k) => trainedItems + k);
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
