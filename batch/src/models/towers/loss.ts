/**
 * The tower's training loss on one block (the formula is in train.ts's header): a listwise
 * softmax term against the fixed MF vectors plus the distillation term.
 */
import { tf } from '../../runtime/tf.ts';
import { type Block, gatherRows, type TowerData } from './batches.ts';
import { type Tower, towerForward, towerInput } from './tower.ts';

/** The module header's L on one block (β = `distill`). */
export function stepLoss(
  data: TowerData,
  tower: Tower,
  logScale: tf.Variable,
  block: Block,
  distill: number,
  counts: Float32Array,
): tf.Scalar {
  return tf.tidy(() => {
    const item = data.side === 'item';
    const towerRows = item ? block.items : block.users;
    const fixedRows = item ? block.users : block.items;
    const g = towerForward(tower, towerInput(tower, data.features, towerRows));
    const fixed = tf.tensor2d(gatherRows(data.counterpart, fixedRows, data.dim), [
      fixedRows.length,
      data.dim,
    ]);
    const logits = item ? tf.matMul(fixed, g, false, true) : tf.matMul(g, fixed, false, true);
    const scaled = tf.mul(logits, tf.exp(logScale));
    // A column standing for m identical items enters the normaliser m times: + log m.
    const logMultiplicity = tf.tensor1d(block.multiplicity.map(Math.log));
    const logp = tf.sub(scaled, tf.logSumExp(tf.add(scaled, logMultiplicity), 1, true));
    const relevance = tf.tensor2d(block.relevance, [block.users.length, block.items.length]);
    const rank = tf.div(tf.neg(tf.sum(tf.mul(relevance, logp))), block.positives);
    if (distill === 0) return rank as tf.Scalar;
    const { target, weight } = distillTarget(data, block, counts);
    const t = tf.tensor2d(target, [towerRows.length, data.dim]);
    const w = tf.tensor1d(weight);
    const err = tf.sum(tf.square(tf.sub(g, t)), 1);
    const mse = tf.div(tf.sum(tf.mul(w, err)), tf.maximum(tf.sum(w), 1e-6));
    return tf.add(rank, tf.mul(mse, distill)) as tf.Scalar;
  });
}

/**
 * The distillation target of each tower row of a block, weighted by w = log(1 + n). On the item
 * side a column's target is the w-weighted mean of its items' factors with weight Σw: the same
 * loss as every item separately, up to a constant.
 */
function distillTarget(data: TowerData, block: Block, counts: Float32Array) {
  const { dim } = data;
  if (data.side === 'user') {
    const weight = Float32Array.from(block.users, (u) => Math.log1p(counts[u]!));
    return { target: gatherRows(data.teacher, block.users, dim), weight };
  }
  const width = block.items.length;
  const target = new Float32Array(width * dim);
  const weight = new Float32Array(width);
  block.candidates.forEach((i, k) => {
    const c = block.columnOf[k]!;
    const w = Math.log1p(counts[i]!);
    weight[c]! += w;
    for (let d = 0; d < dim; d++) target[c * dim + d]! += w * data.teacher[i * dim + d]!;
  });
  for (let c = 0; c < width; c++) {
    for (let d = 0; d < dim; d++) target[c * dim + d]! /= Math.max(weight[c]!, 1e-12);
  }
  return { target, weight };
}
