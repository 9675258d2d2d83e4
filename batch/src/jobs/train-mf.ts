/**
 * The `vitrine train` job: load → split → train → evaluate (beside popularity) → refit on all
 * data → side-feature map → write the model, item metadata and metrics.json to the out store.
 *
 * Why refit: the held-out numbers describe the recipe; the published vectors should use every
 * interaction. `refit: false` saves the split model instead (what `vitrine eval` on the same data
 * needs to be a fair test).
 *
 * Catalogue items without interactions get vectors from the feature map (cold start), and are
 * marked `source: "features"` in items.jsonl.
 */
import type { EvalConfig, ItemMetadataRow, MfConfig, TrainingMetrics } from '#shared/schemas';
import type { CommandContext } from '../cli/command.ts';
import type { Catalogue } from '../data/catalogue.ts';
import { catalogueRow } from '../data/catalogue.ts';
import { type InteractionSet, toCsr } from '../data/interactions.ts';
import { catalogueFeatures, embedFeatures, fitFeatureMap, itemFeatureNames } from '../models/mf/features.ts';
import type { MfModel } from '../models/mf/model.ts';
import { saveModel } from '../models/mf/model.ts';
import { MfRecommender } from '../models/mf/recommender.ts';
import { openStore } from '../storage/open.ts';
import { evaluateAll, round, splitFor, trainWithProgress } from './fit.ts';
import { type InteractionFormat, loadCatalogueUri, loadInteractions } from './inputs.ts';

export interface TrainJobOptions {
  data: string;
  format: InteractionFormat;
  catalogue?: string | undefined;
  out: string;
  binary: boolean;
  refit: boolean;
  evaluate: boolean;
  evalUsers: number;
  mf: MfConfig;
  eval: EvalConfig;
}

const encoder = new TextEncoder();

/**
 * Runs the whole training job and returns what it wrote to metrics.json.
 *
 * @example
 * await trainJob({ data: 'file:///ml/ratings.csv', format: 'movielens', out: 'file://.vitrine/run', … }, ctx);
 */
export async function trainJob(opts: TrainJobOptions, ctx: CommandContext): Promise<TrainingMetrics> {
  const out = openStore(opts.out);
  let set = await loadInteractions(opts.data, opts.format, ctx.log);
  if (opts.binary) set = { ...set, weights: new Float32Array(set.length).fill(1) };
  const catalogue = opts.catalogue ? await loadCatalogueUri(opts.catalogue, ctx.log) : undefined;

  let models: Record<string, Record<string, number>> = {};
  let evaluatedUsers = 0;
  let trainRows = set.length;
  let testRows = 0;
  const name = `ials-${opts.mf.factors}`;
  let final: Awaited<ReturnType<typeof trainWithProgress>> | undefined;
  if (opts.evaluate) {
    const split = splitFor(set, opts.eval);
    trainRows = split.train.length;
    testRows = split.test.length;
    ctx.log.info('eval.split', { split: opts.eval.split, train: trainRows, test: testRows });
    const splitModel = await trainWithProgress(split.train, opts.mf, ctx, 'train (split)');
    const scored = await evaluateAll(
      [new MfRecommender(splitModel, name)],
      split,
      opts.eval.k,
      ctx,
      opts.evalUsers,
    );
    models = scored.models;
    evaluatedUsers = scored.users;
    if (!opts.refit) final = splitModel;
    else ctx.log.info('train.refit', { rows: set.length });
  }
  final ??= await trainWithProgress(set, opts.mf, ctx, 'train (all)');

  const model: MfModel = {
    userIds: set.userIds,
    itemIds: set.itemIds,
    dim: final.dim,
    userFactors: final.userFactors,
    itemFactors: final.itemFactors,
    config: opts.mf,
    interactions: toCsr(set, 'user').indices.length,
    backend: final.backend,
    activityScale: final.activityScale,
  };
  const popularity = itemPopularity(set);
  const sources: ('trained' | 'features')[] = set.itemIds.map(() => 'trained');
  if (catalogue) addColdItems(model, catalogue, popularity, sources, ctx);

  await saveModel(out, 'model', model);
  await out.put('items.jsonl', encoder.encode(itemMetadata(model, catalogue, popularity, sources)));
  const metrics: TrainingMetrics = {
    createdAt: new Date().toISOString(),
    eval: opts.eval,
    data: {
      users: set.userIds.length,
      items: set.itemIds.length,
      interactions: set.length,
      train: trainRows,
      test: testRows,
      evaluatedUsers,
    },
    models,
    primary: name,
    training: {
      seconds: round(final.seconds),
      backend: final.backend,
      compute: final.compute,
      iterations: opts.mf.iterations,
    },
  };
  await out.put('metrics.json', encoder.encode(JSON.stringify(metrics, null, 2)), {
    contentType: 'application/json',
  });
  ctx.log.info('train.written', { out: out.uri, items: model.itemIds.length, users: model.userIds.length });
  return metrics;
}

/** Distinct users per item. */
function itemPopularity(set: InteractionSet): number[] {
  const csr = toCsr(set, 'item');
  return set.itemIds.map((_, i) => csr.indptr[i + 1]! - csr.indptr[i]!);
}

/** Fits the feature map on trained items and appends catalogue-only items with feature vectors. */
function addColdItems(
  model: MfModel,
  catalogue: Catalogue,
  popularity: number[],
  sources: ('trained' | 'features')[],
  ctx: CommandContext,
): void {
  const map = fitFeatureMap(catalogueFeatures(catalogue, model.itemIds), model.itemFactors, model.dim, {
    counts: popularity,
  });
  model.features = map;
  const known = new Set(model.itemIds);
  const extra: number[] = [];
  for (let r = 0; r < catalogue.length; r++) if (!known.has(catalogue.ids[r]!)) extra.push(r);
  const itemFactors = new Float32Array((model.itemIds.length + extra.length) * model.dim);
  itemFactors.set(model.itemFactors);
  const itemIds = [...model.itemIds];
  for (const r of extra) {
    itemFactors.set(
      embedFeatures(map, itemFeatureNames(catalogueRow(catalogue, r))),
      itemIds.length * model.dim,
    );
    itemIds.push(catalogue.ids[r]!);
    popularity.push(0);
    sources.push('features');
  }
  model.itemIds = itemIds;
  model.itemFactors = itemFactors;
  ctx.log.info('features.fitted', { features: map.names.length, coldItems: extra.length });
}

function itemMetadata(
  model: MfModel,
  catalogue: Catalogue | undefined,
  popularity: number[],
  sources: ('trained' | 'features')[],
): string {
  const rowOf = new Map<string, number>();
  if (catalogue) for (let r = 0; r < catalogue.length; r++) rowOf.set(catalogue.ids[r]!, r);
  const lines: string[] = [];
  model.itemIds.forEach((itemId, i) => {
    const r = rowOf.get(itemId);
    const row: ItemMetadataRow = {
      itemId,
      popularity: popularity[i] ?? 0,
      source: sources[i] ?? 'trained',
      available: true,
    };
    if (catalogue && r !== undefined) {
      const item = catalogueRow(catalogue, r);
      row.category = item.category;
      row.available = item.available;
      if (item.brand) row.brand = item.brand;
      if (item.priceBand) row.priceBand = item.priceBand;
    }
    lines.push(JSON.stringify(row));
  });
  return `${lines.join('\n')}\n`;
}
