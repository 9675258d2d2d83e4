/**
 * Trains a feature tower (tower.ts) against a trained MF model, so features alone give vectors
 * that rank like the model's: for cold items (no interactions yet) and cold users.
 *
 * Objective, for the item tower (the user tower swaps the roles of x and g):
 *
 *   L = − Σ_u Σ_{i ∈ I_u ∩ C} log softmax_{j ∈ C}( s·x_u·g(f_j) )_i / Σ_u |I_u ∩ C|
 *       + β · Σ_{i ∈ C} w_i ‖g(f_i) − y_i‖² / Σ_{i ∈ C} w_i,      w_i = log(1 + n_i)
 *
 * x_u, y_i: the MF user and item factors, held fixed; C: the candidate items of the step (every
 * trained item, or a uniform sample of `maxCandidates` of them on large catalogues); s: a learned
 * temperature. The first term is a listwise ranking loss — what a cold item's vector is for: being
 * ranked by x_u·g among other items — and it sees the features of *negatives* too, which the ridge
 * map's regression never does. The second distils the MF item vectors (β = `distillWeight`), which
 * keeps g in the same geometry as the trained vectors (similar-items and IVF routing use it).
 *
 * Early stopping: a seeded share of trained rows (`validationShare`) is held out as pseudo-cold;
 * after each epoch the listwise loss among them is measured, and the best epoch's weights win.
 */
import { createRng } from '#shared/random';
import { initTf, tf } from '../../runtime/tf.ts';
import { type Block, meanRow, relevanceBlock, sampleAtMost, type TowerData } from './batches.ts';
import { towerVocabulary } from './inputs.ts';
import { stepLoss } from './loss.ts';
import { type Plan, planRows } from './plan.ts';
import { createTower, restore, snapshot, type Tower, towerVariables } from './tower.ts';

export type { TowerData } from './batches.ts';

/** Hyper-parameters; defaults in `TOWER_DEFAULTS`. */
export interface TowerOptions {
  hidden: number;
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  /**
   * Users per step; 0 = about a tenth of the users, within [64, 1024]. A step's tower pass runs over
   * the candidates whatever the batch, so on a large catalogue fewer, larger steps cost less.
   */
  batchUsers: number;
  maxCandidates: number;
  learningRate: number;
  /** β: weight of the distillation term. */
  distillWeight: number;
  validationShare: number;
  /** Input vocabulary cap (most supported features first). */
  maxFeatures: number;
  seed: number;
  /** Softmax temperature s: 0 = learned (starts at 10). */
  scale: number;
}

/** Defaults chosen on the MovieLens cold-start validation split (bench:mf). */
export const TOWER_DEFAULTS: TowerOptions = {
  hidden: 128,
  maxEpochs: 60,
  patience: 5,
  batchUsers: 0,
  maxCandidates: 8192,
  learningRate: 0.003,
  distillWeight: 1,
  validationShare: 0.1,
  maxFeatures: 512,
  seed: 42,
  scale: 0,
};

export interface TowerEpoch {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
}

export interface TowerResult {
  tower: Tower;
  epochs: number;
  bestEpoch: number;
  validationLoss: number;
  seconds: number;
  backend: string;
}

/**
 * Trains a tower on `data` (see the module header for the loss).
 *
 * @example
 * const { tower } = await trainTower({ side: 'item', features, teacher: itemFactors,
 *   counterpart: userFactors, dim: 64, positives: byUser, numItems });
 * const coldVectors = embedRows(tower, features, coldItems);
 */
export async function trainTower(
  data: TowerData,
  options: Partial<TowerOptions> = {},
  onEpoch?: (e: TowerEpoch) => void,
): Promise<TowerResult> {
  const started = performance.now();
  const backend = (await initTf()).name;
  const o = { ...TOWER_DEFAULTS, ...options };
  const rng = createRng(o.seed);
  const plan = planRows(data, o, rng.fork('plan'));
  const mask = new Float32Array(data.teacher.length / data.dim);
  for (const r of plan.trainRows) mask[r] = 1;
  const vocab = towerVocabulary(data.features, mask, o.maxFeatures);
  const tower = createTower(
    vocab,
    o.hidden,
    data.dim,
    o.seed,
    meanRow(data.teacher, plan.trainRows, data.dim),
  );
  const logScale = tf.variable(tf.scalar(Math.log(o.scale || 10)), o.scale === 0);
  const variables = [...towerVariables(tower), ...(o.scale === 0 ? [logScale] : [])];
  const optimizer = tf.train.adam(o.learningRate);
  const lossOf = (block: Block, distill: number) =>
    stepLoss(data, tower, logScale, block, distill, plan.counts);
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, weights: snapshot(tower) };
  let epoch = 0;
  try {
    const batches = rng.fork('batches');
    while (epoch < o.maxEpochs && epoch - best.epoch <= o.patience) {
      epoch++;
      const trainLoss = runEpoch(plan, data, o, batches, (block) => {
        const loss = optimizer.minimize(() => lossOf(block, o.distillWeight), true, variables);
        const value = loss?.dataSync()[0] ?? 0;
        loss?.dispose();
        return value;
      });
      const validationLoss = plan.validation ? evalLoss(() => lossOf(plan.validation!, 0)) : trainLoss;
      onEpoch?.({ epoch, trainLoss, validationLoss });
      if (validationLoss < best.loss - 1e-4) best = { loss: validationLoss, epoch, weights: snapshot(tower) };
    }
    restore(tower, best.weights);
  } finally {
    optimizer.dispose();
    logScale.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  return { tower, epochs: epoch, bestEpoch: best.epoch, validationLoss: best.loss, seconds, backend };
}

/** One pass over the user pool in shuffled blocks; returns the mean step loss. */
function runEpoch(
  plan: Plan,
  data: TowerData,
  o: TowerOptions,
  rng: ReturnType<typeof createRng>,
  step: (block: Block) => number,
): number {
  const order = rng.shuffle(Array.from(plan.userPool));
  const batch = o.batchUsers || Math.min(1024, Math.max(64, Math.ceil(order.length / 10)));
  let sum = 0;
  let steps = 0;
  for (let start = 0; start < order.length; start += batch) {
    const users = Int32Array.from(order.slice(start, start + batch));
    const items = sampleAtMost(plan.itemPool, o.maxCandidates, rng);
    const block = relevanceBlock(data.positives, users, items, data.numItems, plan.groupOf);
    if (block.positives === 0) continue;
    sum += step(block);
    steps++;
  }
  return steps === 0 ? 0 : sum / steps;
}

function evalLoss(loss: () => tf.Scalar): number {
  const t = tf.tidy(loss);
  const value = t.dataSync()[0]!;
  t.dispose();
  return value;
}
