/**
 * The `vitrine train` job: load → split → train → evaluate (beside popularity) → refit on all
 * data → side-feature map → a `TrainedRun` (kept in the out store when one is given).
 *
 * Why refit: the held-out numbers describe the recipe; the published vectors should use every
 * interaction. The refit starts from the evaluated split model and runs `mf.refitIterations`
 * sweeps on all data (evaluate-recipe.ts), so evaluating does not double training.
 * `refit: false` saves the split model instead (what `vitrine eval` on the same data needs to be
 * a fair test).
 *
 * Catalogue items without interactions get vectors from their features (cold start: the MLP
 * tower or the ridge map, cold-items.ts), and are marked `source: "features"` in the item rows.
 */
import type { EvalConfig, ItemMetadataRow, LoadConfig, MfConfig, TrainingMetrics } from '#shared/schemas';
import type { Catalogue } from '../data/catalogue.ts';
import { addedAtOf, alignCatalogue, categoryIdAt, priceBandAt } from '../data/catalogue.ts';
import { catalogueCards } from '../data/catalogue-details.ts';
import { catalogueTree } from '../data/catalogue-publish.ts';
import { type InteractionSet, toCsr } from '../data/interactions.ts';
import { trainingPairs } from '../eval/leakage.ts';
import type { MfModel } from '../models/mf/model.ts';
import type { JobContext } from '../observe/index.ts';
import { openStore } from '../storage/open.ts';
import { addColdItems } from './cold-items.ts';
import { type Evaluated, evaluateRecipe } from './evaluate-recipe.ts';
import { round, trainWithProgress } from './fit.ts';
import { type InteractionFormat, loadCatalogueUri, loadInteractions } from './inputs.ts';
import { type TrainedRun, writeTrainedRun } from './trained-run.ts';

/** Where the training data comes from. */
export interface TrainingSource {
  data: string;
  format: InteractionFormat;
  catalogue?: string | undefined;
  /** Every interaction weighs 1. */
  binary: boolean;
  /** Bad-row limits for every input (default: LoadConfig's). */
  load?: LoadConfig | undefined;
  /** A ready-made test split: evaluated on instead of a hold-out of `data`. */
  test?: { uri: string; format: InteractionFormat } | undefined;
}

/** How to train and evaluate. */
export interface TrainRecipe {
  refit: boolean;
  evaluate: boolean;
  evalUsers: number;
  mf: MfConfig;
  eval: EvalConfig;
}

export interface TrainJobOptions extends TrainingSource, TrainRecipe {
  /** Store URI that keeps the run (model/, items.jsonl, metrics.json); none: returned only. */
  out?: string | undefined;
}

/** What training reads: the interactions and, optionally, the item catalogue. */
export interface TrainingInputs {
  interactions: InteractionSet;
  catalogue?: Catalogue | undefined;
  test?: InteractionSet | undefined;
}

/**
 * Loads the interactions (and catalogue) a source names.
 *
 * @example
 * const inputs = await loadTrainingInputs({ data: 'file:///ml/ratings.csv', format: 'movielens', binary: false }, ctx);
 */
export async function loadTrainingInputs(source: TrainingSource, ctx: JobContext): Promise<TrainingInputs> {
  let interactions = await loadInteractions(source.data, source.format, ctx.log, source.load);
  if (source.binary)
    interactions = { ...interactions, weights: new Float32Array(interactions.length).fill(1) };
  const catalogue = source.catalogue
    ? await loadCatalogueUri(source.catalogue, ctx.log, source.load)
    : undefined;
  const test = source.test
    ? await loadInteractions(source.test.uri, source.test.format, ctx.log, source.load)
    : undefined;
  return { interactions, catalogue, test };
}

/**
 * Runs the whole training job: load, train, keep the run in `opts.out` when given.
 *
 * @example
 * const run = await trainJob({ data: 'file:///ml/ratings.csv', format: 'movielens', out: 'file://.vitrine/run', … }, ctx);
 */
export async function trainJob(opts: TrainJobOptions, ctx: JobContext): Promise<TrainedRun> {
  const run = await trainRun(await loadTrainingInputs(opts, ctx), opts, ctx);
  if (opts.out !== undefined) {
    const out = openStore(opts.out);
    await writeTrainedRun(out, run);
    ctx.log.info('train.written', {
      out: out.uri,
      items: run.model.itemIds.length,
      users: run.model.userIds.length,
    });
  }
  return run;
}

/**
 * Trains on `inputs` per `recipe` (evaluating the recipe on a hold-out first) and returns the run.
 *
 * @example
 * const run = await trainRun(await loadTrainingInputs(source, ctx), recipe, ctx);
 */
export async function trainRun(
  inputs: TrainingInputs,
  recipe: TrainRecipe,
  ctx: JobContext,
): Promise<TrainedRun> {
  const set = inputs.interactions;
  const name = `ials-${recipe.mf.factors}`;
  const scored: Evaluated = recipe.evaluate
    ? await evaluateRecipe(set, { ...recipe, name }, ctx, inputs.test)
    : { models: {}, evaluatedUsers: 0, train: set.length, test: 0 };
  const final = scored.kept ?? (await trainWithProgress(set, recipe.mf, ctx, 'train (all)'));
  // One CSR (1M items: seconds to build) gives both the distinct pairs and users per item.
  const byItem = toCsr(set, 'item');
  const model: MfModel = {
    userIds: set.userIds,
    itemIds: set.itemIds,
    dim: final.dim,
    userFactors: final.userFactors,
    itemFactors: final.itemFactors,
    config: recipe.mf,
    interactions: byItem.indices.length,
    backend: final.backend,
    activityScale: final.activityScale,
  };
  const popularity = set.itemIds.map((_, i) => byItem.indptr[i + 1]! - byItem.indptr[i]!);
  const sources: ('trained' | 'features')[] = set.itemIds.map(() => 'trained');
  if (inputs.catalogue) {
    const trainedOn = scored.keptOn ?? set;
    await addColdItems({ model, catalogue: inputs.catalogue, trainedOn, popularity, sources }, ctx);
  }
  const metrics: TrainingMetrics = {
    createdAt: new Date().toISOString(),
    eval: recipe.eval,
    data: {
      users: set.userIds.length,
      items: set.itemIds.length,
      interactions: set.length,
      train: scored.train,
      test: scored.test,
      evaluatedUsers: scored.evaluatedUsers,
    },
    models: scored.models,
    primary: name,
    training: {
      seconds: round(scored.seconds ?? final.seconds),
      backend: final.backend,
      compute: final.compute,
      iterations: scored.sweeps ?? recipe.mf.iterations,
    },
  };
  // What the kept model saw, sampled: `vitrine eval` refuses held-out pairs found in it.
  const pairs = trainingPairs(scored.keptOn ?? set);
  const items = itemMetadata(model, inputs.catalogue, popularity, sources);
  const categories = inputs.catalogue ? catalogueTree(inputs.catalogue) : undefined;
  const cards = inputs.catalogue ? catalogueCards(inputs.catalogue) : undefined;
  return { model, items, metrics, trainingPairs: pairs, categories, cards, catalogue: inputs.catalogue };
}

function itemMetadata(
  model: MfModel,
  catalogue: Catalogue | undefined,
  popularity: number[],
  sources: ('trained' | 'features')[],
): ItemMetadataRow[] {
  const rowOf = catalogue && alignCatalogue(catalogue, model.itemIds);
  return model.itemIds.map((itemId, i) => {
    const r = rowOf?.[i] ?? -1;
    const row: ItemMetadataRow = {
      itemId,
      popularity: popularity[i] ?? 0,
      source: sources[i] ?? 'trained',
      available: true,
    };
    if (catalogue && r >= 0) {
      const category = categoryIdAt(catalogue, r);
      const band = priceBandAt(catalogue, r);
      if (category !== undefined) row.category = category;
      row.available = catalogue.available[r] === 1;
      if (catalogue.brand[r]! >= 0) row.brand = catalogue.brands[catalogue.brand[r]!]!;
      if (band !== undefined) row.priceBand = band;
      const added = addedAtOf(catalogue, r);
      if (added !== undefined) row.addedAt = added;
    }
    return row;
  });
}
