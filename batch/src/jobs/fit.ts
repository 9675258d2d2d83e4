/**
 * Pieces shared by `vitrine train` and `vitrine eval`: the hold-out split an `EvalConfig` names,
 * iALS training with a progress bar and per-sweep logs, and evaluation of a model beside the
 * popularity baseline.
 */
import type { EvalConfig, MfConfig } from '#shared/schemas';
import type { InteractionSet } from '../data/interactions.ts';
import { evaluate } from '../eval/evaluate.ts';
import { metricsRecord } from '../eval/metrics.ts';
import { PopularityRecommender, type Recommender } from '../eval/recommender.ts';
import { leaveLastOut, type Split, stratifiedSplit, temporalSplit } from '../eval/splits.ts';
import { type IalsOptions, type IalsResult, trainIals } from '../models/mf/ials.ts';
import type { JobContext } from '../observe/index.ts';

/**
 * The train/test split `config` describes (stratified is per item, the MS benchmark protocol).
 *
 * @example
 * const { train, test } = splitFor(set, EvalConfig.parse({}));
 */
export function splitFor(set: InteractionSet, config: EvalConfig): Split {
  switch (config.split) {
    case 'stratified':
      return stratifiedSplit(set, { ratio: config.ratio, seed: config.seed, by: 'item' });
    case 'temporal':
      return temporalSplit(set, { ratio: config.ratio });
    case 'leave-last-out':
      return leaveLastOut(set);
  }
}

/**
 * Trains iALS on `set` (from `initial` factors when given), drawing a bar over all row solves and
 * logging each sweep (the objective after the last).
 *
 * @example
 * const result = await trainWithProgress(train, config.mf, ctx, 'train (split)');
 */
export async function trainWithProgress(
  set: InteractionSet,
  config: MfConfig,
  ctx: JobContext,
  label: string,
  initial?: IalsOptions['initial'],
): Promise<IalsResult> {
  const perSweep = set.userIds.length + set.itemIds.length;
  const bar = ctx.progress(label, config.iterations * perSweep);
  const result = await trainIals(set, config, {
    // The objective on one thread after every sweep cost about a fifth of a sweep at 1M items.
    computeLoss: 'last',
    ...(initial ? { initial } : {}),
    onWarning: (message) => ctx.log.warn('train.warning', { message }),
    onProgress: (p) => {
      const offset = (p.iteration - 1) * perSweep + (p.side === 'items' ? set.userIds.length : 0);
      bar.update(offset + p.rowsDone, `sweep ${p.iteration}/${p.iterations} ${p.side}`);
    },
    onIteration: (it) => {
      ctx.log.info('train.sweep', {
        label,
        iteration: it.iteration,
        seconds: round(it.seconds),
        loss: it.loss,
      });
    },
  });
  bar.finish();
  ctx.log.info('train.done', {
    label,
    seconds: round(result.seconds),
    compute: result.compute,
    backend: result.backend,
    users: set.userIds.length,
    items: set.itemIds.length,
    sessionRows: result.sessionRows,
  });
  return result;
}

/** Metrics of every recommender (popularity first) on one split, keyed by name, at k. */
export async function evaluateAll(
  recommenders: Recommender[],
  split: Pick<Split, 'train' | 'test'>,
  k: number,
  ctx: JobContext,
  sampleUsers?: number,
): Promise<{ models: Record<string, Record<string, number>>; users: number }> {
  const all = [new PopularityRecommender(split.train), ...recommenders];
  const models: Record<string, Record<string, number>> = {};
  let users = 0;
  for (const rec of all) {
    const result = await evaluate(rec, split.train, split.test, {
      k,
      ...(sampleUsers ? { sampleUsers, seed: 0 } : {}),
    });
    models[rec.name] = metricsRecord(result, k);
    users = result.users;
    ctx.log.info('eval.result', { model: rec.name, users: result.users, ...models[rec.name] });
  }
  return { models, users };
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;
