/**
 * The `vitrine eval` job: a saved model (and popularity) evaluated on interactions given by URI.
 *
 * The data is re-indexed into the model's id tables (evaluation compares item indices), dropping
 * rows whose user or item the model does not know; the counts are logged so a mostly-unknown
 * test set is visible rather than quietly scoring well on the few rows left.
 */
import type { EvalConfig, LoadConfig } from '#shared/schemas';
import type { InteractionSet } from '../data/interactions.ts';
import { guardLeakage } from '../eval/leakage.ts';
import { loadModel } from '../models/mf/model.ts';
import { MfRecommender } from '../models/mf/recommender.ts';
import type { JobContext } from '../observe/index.ts';
import { openStore } from '../storage/open.ts';
import { evaluateAll, splitFor } from './fit.ts';
import { type InteractionFormat, loadInteractions } from './inputs.ts';

export interface EvalJobOptions {
  model: string;
  data: string;
  test?: string | undefined;
  format: InteractionFormat;
  binary: boolean;
  evalUsers: number;
  out?: string | undefined;
  eval: EvalConfig;
  /** Bad-row limits for --data and --test (default: LoadConfig's). */
  load?: LoadConfig | undefined;
  /** Evaluate even when the held-out pairs are in the model's training data (warns). */
  allowRefitData?: boolean;
}

export interface EvalJobResult {
  models: Record<string, Record<string, number>>;
  users: number;
}

/**
 * Evaluates the model under `opts.model` and writes eval-metrics.json to `opts.out` when given.
 *
 * @example
 * const { models } = await evalJob({ model: 'file://.vitrine/ml', data: '…/ratings.csv', format: 'movielens', … }, ctx);
 */
export async function evalJob(opts: EvalJobOptions, ctx: JobContext): Promise<EvalJobResult> {
  const run = openStore(opts.model);
  const model = await loadModel(run, 'model');
  ctx.log.info('model.loaded', { users: model.userIds.length, items: model.itemIds.length, dim: model.dim });
  const load = async (uri: string, label: string) => {
    let set = reindex(
      await loadInteractions(uri, opts.format, ctx.log, opts.load),
      model.userIds,
      model.itemIds,
      label,
      ctx,
    );
    if (opts.binary) set = { ...set, weights: new Float32Array(set.length).fill(1) };
    return set;
  };
  const data = await load(opts.data, 'data');
  const split = opts.test ? { train: data, test: await load(opts.test, 'test') } : splitFor(data, opts.eval);
  await guardLeakage(run, split.train, split.test, {
    allow: opts.allowRefitData ?? false,
    warn: ctx.log.warn,
  });
  const name = `ials-${model.dim}`;
  const result = await evaluateAll([new MfRecommender(model, name)], split, opts.eval.k, ctx, opts.evalUsers);
  if (opts.out) {
    const body = {
      createdAt: new Date().toISOString(),
      eval: opts.eval,
      users: result.users,
      models: result.models,
    };
    await openStore(opts.out).put(
      'eval-metrics.json',
      new TextEncoder().encode(JSON.stringify(body, null, 2)),
    );
  }
  return result;
}

/** `set` re-expressed in the given id tables; rows with an unknown user or item are dropped. */
export function reindex(
  set: InteractionSet,
  userIds: string[],
  itemIds: string[],
  label: string,
  ctx: JobContext,
): InteractionSet {
  const userIndex = new Map(userIds.map((id, u) => [id, u]));
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  const userMap = set.userIds.map((id) => userIndex.get(id) ?? -1);
  const itemMap = set.itemIds.map((id) => itemIndex.get(id) ?? -1);
  const keep: number[] = [];
  let unknownUser = 0;
  let unknownItem = 0;
  for (let r = 0; r < set.length; r++) {
    if (userMap[set.users[r]!]! < 0) unknownUser++;
    else if (itemMap[set.items[r]!]! < 0) unknownItem++;
    else keep.push(r);
  }
  ctx.log.info('eval.reindex', { label, kept: keep.length, unknownUser, unknownItem });
  const pick = <T extends Int32Array | Float32Array | Float64Array>(src: T, dst: T, map?: number[]) => {
    keep.forEach((r, j) => {
      dst[j] = map ? map[src[r]!]! : src[r]!;
    });
    return dst;
  };
  return {
    userIds,
    itemIds,
    users: pick(set.users, new Int32Array(keep.length), userMap),
    items: pick(set.items, new Int32Array(keep.length), itemMap),
    weights: pick(set.weights, new Float32Array(keep.length)),
    timestamps: set.timestamps ? pick(set.timestamps, new Float64Array(keep.length)) : null,
    length: keep.length,
  };
}
