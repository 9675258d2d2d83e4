/**
 * Hold-out evaluation of a training recipe, and the refit that follows it: split → train on the
 * split → score beside popularity → refit on all interactions.
 *
 * Why the refit is warm: the split model already holds 75% of the interactions, so a few sweeps
 * on all data starting from its factors reach what training from scratch reaches (MovieLens: same
 * nDCG@10, docs/scale.md), for a fifth of the sweeps. Training once from scratch on the split and
 * once more on all data doubled the cost of every nightly run. `mf.refitIterations` 0 keeps the
 * old behaviour (the caller trains on all data from random factors).
 */
import type { EvalConfig, MfConfig } from '#shared/schemas';
import type { InteractionSet } from '../data/interactions.ts';
import { alignToTraining } from '../data/interactions-align.ts';
import type { IalsResult } from '../models/mf/ials.ts';
import { MfRecommender } from '../models/mf/recommender.ts';
import type { JobContext } from '../observe/index.ts';
import { evaluateAll, splitFor, trainWithProgress } from './fit.ts';

/** What evaluateRecipe needs of a train recipe. */
export interface EvalRecipe {
  name: string;
  refit: boolean;
  evalUsers: number;
  mf: MfConfig;
  eval: EvalConfig;
}

export interface Evaluated {
  models: Record<string, Record<string, number>>;
  evaluatedUsers: number;
  train: number;
  test: number;
  /** The model to keep and what it was trained on: the split model (`refit: false`) or the warm refit. */
  kept?: IalsResult;
  keptOn?: InteractionSet;
  /** Sweeps and seconds behind `kept` when it is a warm refit (split training + refit). */
  sweeps?: number;
  seconds?: number;
}

/**
 * Evaluates `recipe` on a hold-out of `set` (or on a given test set) and, with `refit`, refits the
 * split model on all of `set`.
 *
 * @example
 * const scored = await evaluateRecipe(set, { ...recipe, name: 'ials-64' }, ctx);
 */
export async function evaluateRecipe(
  set: InteractionSet,
  recipe: EvalRecipe,
  ctx: JobContext,
  given?: InteractionSet,
): Promise<Evaluated> {
  // A given test split: train on all of `set`, so that model is the one to keep (no refit).
  const aligned = given === undefined ? undefined : alignToTraining(given, set);
  if (aligned)
    ctx.log.info('eval.given_test', {
      rows: given?.length,
      unknownUser: aligned.unknownUser,
      unknownItem: aligned.unknownItem,
    });
  const split = aligned ? { train: set, test: aligned.test } : splitFor(set, recipe.eval);
  ctx.log.info('eval.split', {
    split: recipe.eval.split,
    train: split.train.length,
    test: split.test.length,
  });
  const splitModel = await trainWithProgress(split.train, recipe.mf, ctx, 'train (split)');
  const scored = await evaluateAll(
    [new MfRecommender(splitModel, recipe.name)],
    split,
    recipe.eval.k,
    ctx,
    recipe.evalUsers,
  );
  const base = {
    models: scored.models,
    evaluatedUsers: scored.users,
    train: split.train.length,
    test: split.test.length,
  };
  if (!recipe.refit || aligned) return { ...base, kept: splitModel, keptOn: split.train };
  const sweeps = recipe.mf.refitIterations;
  ctx.log.info('train.refit', { rows: set.length, warmSweeps: sweeps });
  if (sweeps === 0) return base;
  const refit = await trainWithProgress(set, { ...recipe.mf, iterations: sweeps }, ctx, 'refit (all, warm)', {
    userFactors: splitModel.userFactors,
    itemFactors: splitModel.itemFactors,
  });
  return {
    ...base,
    kept: refit,
    keptOn: set,
    sweeps: recipe.mf.iterations + sweeps,
    seconds: splitModel.seconds + refit.seconds,
  };
}
