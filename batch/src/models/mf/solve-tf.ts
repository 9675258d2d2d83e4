/**
 * The row solves of an iALS half-sweep as batched TensorFlow.js ops: the path that runs on
 * tfjs-node-gpu (CUDA) and tfjs-node in the batch container.
 *
 * Rows are sorted by their number of observations and cut into blocks of B rows padded to the
 * block's longest row L (B·L ≤ `maxBlockEntries`), so padding stays small even for power-law
 * data. Per block the fixed side's vectors are gathered once into Y_b [B, L, d] (padding has
 * confidence 0, so it contributes nothing), and conjugate gradient runs on all B systems at once:
 *
 *   A·v = α0·v·G + reg ⊙ v + Y_bᵀ·(c ⊙ (Y_b·v))      (two batched matmuls)
 *   b   = Y_bᵀ·c
 *
 * warm-started from the current rows, exactly the `cg` solver of solve-js.ts. tfjs has no
 * Cholesky/solve op, so this path is CG only. Deterministic on a given device: the ops and
 * their order are fixed; only the device's own matmul reduction order could differ across GPUs.
 */
import { tf } from '../../runtime/tf.ts';
import { type ConfidenceCsr, type HalfSweep, rowRegularization, type SweepRunner } from './half-sweep.ts';

/** Padded index/confidence tensors for one block of rows; built once per side, reused. */
interface Block {
  rows: Int32Array;
  idx: tf.Tensor2D;
  conf: tf.Tensor2D;
  count: Float32Array;
}

/** The block layout of one side (rows never change their observation count during training). */
export interface TfPlan {
  blocks: Block[];
  dispose(): void;
}

/**
 * Groups the non-empty rows of `csr` into padded blocks of at most `maxBlockEntries` entries.
 *
 * @example
 * const plan = planBlocks(byUser, 1 << 18);
 */
export function planBlocks(csr: ConfidenceCsr, maxBlockEntries: number): TfPlan {
  const numRows = csr.indptr.length - 1;
  const order: number[] = [];
  for (let r = 0; r < numRows; r++) if (csr.indptr[r + 1]! > csr.indptr[r]!) order.push(r);
  const len = (r: number) => csr.indptr[r + 1]! - csr.indptr[r]!;
  order.sort((a, b) => len(a) - len(b) || a - b);
  const blocks: Block[] = [];
  let begin = 0;
  while (begin < order.length) {
    let end = begin + 1;
    while (end < order.length && (end + 1 - begin) * len(order[end]!) <= maxBlockEntries) end++;
    blocks.push(makeBlock(csr, Int32Array.from(order.slice(begin, end)), len(order[end - 1]!)));
    begin = end;
  }
  return {
    blocks,
    dispose: () => {
      for (const b of blocks) tf.dispose([b.idx, b.conf]);
    },
  };
}

function makeBlock(csr: ConfidenceCsr, rows: Int32Array, width: number): Block {
  const idx = new Int32Array(rows.length * width);
  const conf = new Float32Array(rows.length * width);
  const count = new Float32Array(rows.length);
  for (let b = 0; b < rows.length; b++) {
    const r = rows[b]!;
    const start = csr.indptr[r]!;
    const n = csr.indptr[r + 1]! - start;
    idx.set(csr.indices.subarray(start, start + n), b * width);
    conf.set(csr.confidence.subarray(start, start + n), b * width);
    count[b] = n;
  }
  return {
    rows,
    idx: tf.tensor2d(idx, [rows.length, width], 'int32'),
    conf: tf.tensor2d(conf, [rows.length, width]),
    count,
  };
}

/** Largest padded block (rows × longest row) per batched solve: [B, L, d] f32 stays ≤ 64 MB at d = 64. */
const MAX_BLOCK_ENTRIES = 1 << 18;

/**
 * A `SweepRunner` on the active tfjs backend: plans both sides' blocks once, then per half-sweep
 * uploads the fixed side, takes its Gramian with one matmul and runs blocked CG.
 *
 * @example
 * const runner = createTfRunner(byUser, byItem);
 * await runner.solve(sweep, 'users', () => {});
 * runner.dispose();
 */
export function createTfRunner(byUser: ConfidenceCsr, byItem: ConfidenceCsr): SweepRunner {
  const plans = {
    users: planBlocks(byUser, MAX_BLOCK_ENTRIES),
    items: planBlocks(byItem, MAX_BLOCK_ENTRIES),
  };
  return {
    async solve(sweep, side, onRows) {
      const fixedT = tf.tensor2d(sweep.fixed, [sweep.numFixed, sweep.dim]);
      try {
        sweep.gramian = gramianTf(fixedT);
        await solveRowsTf(sweep, plans[side], fixedT, onRows);
      } finally {
        fixedT.dispose();
      }
    },
    dispose() {
      plans.users.dispose();
      plans.items.dispose();
    },
  };
}

/** G = YᵀY of the fixed side computed by the backend (one big matmul). */
export function gramianTf(fixed: tf.Tensor2D): Float64Array {
  const g = tf.matMul(fixed, fixed, true, false);
  const out = Float64Array.from(g.dataSync());
  g.dispose();
  return out;
}

/**
 * Solves every row of `sweep` with blocked CG on the active tfjs backend; rows absent from the
 * plan (no observations) are set to zero.
 *
 * @example
 * const fixedT = tf.tensor2d(itemFactors, [numItems, dim]);
 * await solveRowsTf(sweep, plan, fixedT, (done) => bar.update(done));
 */
export async function solveRowsTf(
  sweep: HalfSweep,
  plan: TfPlan,
  fixedT: tf.Tensor2D,
  onRows?: (done: number) => void,
): Promise<void> {
  const { dim, solved } = sweep;
  const empty = new Uint8Array(sweep.rows.indptr.length - 1).fill(1);
  const g = tf.tensor2d(Float32Array.from(sweep.gramian), [dim, dim]);
  let done = 0;
  for (const block of plan.blocks) {
    const x0 = new Float32Array(block.rows.length * dim);
    const reg = new Float32Array(block.rows.length);
    for (let b = 0; b < block.rows.length; b++) {
      const r = block.rows[b]!;
      empty[r] = 0;
      x0.set(solved.subarray(r * dim, (r + 1) * dim), b * dim);
      reg[b] = rowRegularization(block.count[b]!, sweep.numFixed, sweep);
    }
    const xT = tf.tidy(() => blockCg(sweep, block, fixedT, g, x0, reg));
    const x = (await xT.data()) as Float32Array;
    xT.dispose();
    for (let b = 0; b < block.rows.length; b++) {
      solved.set(x.subarray(b * dim, (b + 1) * dim), block.rows[b]! * dim);
    }
    done += block.rows.length;
    onRows?.(done);
  }
  g.dispose();
  for (let r = 0; r < empty.length; r++) if (empty[r]) solved.fill(0, r * dim, (r + 1) * dim);
}

function blockCg(
  sweep: HalfSweep,
  block: Block,
  fixedT: tf.Tensor2D,
  g: tf.Tensor2D,
  x0: Float32Array,
  regArr: Float32Array,
): tf.Tensor2D {
  const rows = block.rows.length;
  const yb = tf.gather(fixedT, block.idx); // [B, L, d]
  const c = block.conf.expandDims(2); // [B, L, 1]
  const reg = tf.tensor2d(regArr, [rows, 1]);
  const applyA = (v: tf.Tensor2D): tf.Tensor2D => {
    const yv = tf.matMul(yb, v.expandDims(2)); // [B, L, 1]
    const obs = tf.matMul(yb, tf.mul(c, yv), true, false).squeeze([2]) as tf.Tensor2D; // [B, d]
    return tf.addN([tf.mul(tf.matMul(v, g), sweep.unobservedWeight), tf.mul(reg, v), obs]) as tf.Tensor2D;
  };
  const b = tf.matMul(yb, c, true, false).squeeze([2]) as tf.Tensor2D;
  let x = tf.tensor2d(x0, [rows, sweep.dim]);
  let r = tf.sub(b, applyA(x)) as tf.Tensor2D;
  let p = r;
  let rs = tf.sum(tf.square(r), 1, true);
  for (let step = 0; step < sweep.cgSteps; step++) {
    const ap = applyA(p);
    const pap = tf.sum(tf.mul(p, ap), 1, true);
    // Converged rows (rs ≈ 0) take no step instead of dividing 0 by 0.
    const alpha = tf.where(tf.greater(pap, 1e-30), tf.div(rs, tf.maximum(pap, 1e-30)), tf.zerosLike(pap));
    x = tf.add(x, tf.mul(alpha, p));
    r = tf.sub(r, tf.mul(alpha, ap));
    const rsNew = tf.sum(tf.square(r), 1, true);
    const beta = tf.where(tf.greater(rs, 1e-30), tf.div(rsNew, tf.maximum(rs, 1e-30)), tf.zerosLike(rs));
    p = tf.add(r, tf.mul(beta, p));
    rs = rsNew;
  }
  return x;
}
