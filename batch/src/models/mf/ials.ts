/**
 * Implicit alternating least squares (iALS) for implicit feedback.
 *
 * Objective (Hu, Koren & Volinsky 2008, with the unobserved weight and frequency-scaled
 * regularisation of Rendle, Krichene, Zhang & Koren, "Revisiting the Performance of iALS on Item
 * Recommendation Benchmarks", RecSys 2022):
 *
 *   L = Σ_{(u,i)∈S} c_ui(x_u·y_i − 1)² + α0·Σ_{all u,i}(x_u·y_i)²
 *       + λ·Σ_u (|I_u| + α0·|I|)^ν‖x_u‖² + λ·Σ_i (|U_i| + α0·|U|)^ν‖y_i‖²
 *
 * with c_ui = (1 + alpha·w_ui)·a_u (w = summed interaction weight, a_u the user-activity weight
 * of csr.ts, which damps users with many interactions). Each sweep solves every user row
 * with items fixed, then every item row with users fixed (half-sweep.ts has the system). The
 * all-pairs term enters only through the d×d Gramian α0·YᵀY, so a sweep costs
 * O(nnz·d·steps + (|U|+|I|)·d²) with CG, never O(|U|·|I|).
 *
 * Hyper-parameters and defaults: `MfConfig` in shared/src/schemas/job-config.ts (tuned on a
 * validation split of MovieLens train data, see docs/benchmarks.md).
 *
 * Where the work runs (`compute`): `tf` batches the row solves as tfjs ops (solve-tf.ts) and is
 * what `auto` picks on the native TensorFlow backends (tfjs-node-gpu in the GPU container,
 * tfjs-node); `js` runs typed-array loops (solve-js.ts) and is what `auto` picks on WASM, where
 * it measured faster (4.5× on a 20k-user/100k-item problem). `js` spreads rows over `threads` worker
 * threads sharing memory (solve-pool.ts). Both are deterministic for a seed, and `js` gives
 * bit-identical factors for any thread count.
 */

import { availableParallelism } from 'node:os';
import type { MfConfig } from '#shared/schemas';
import type { InteractionSet } from '../../data/interactions.ts';
import { buildIalsMatrices } from './csr.ts';
import type { ConfidenceCsr, HalfSweep } from './half-sweep.ts';
import { jsLayout, type Layout, resolveCompute, wasmLayout } from './ials-compute.ts';
import { ialsLoss } from './loss.ts';
import { unpermuteRows } from './relabel.ts';
import { withSessionRows } from './session-rows.ts';
import { startingFactors } from './start.ts';

export interface IalsProgress {
  iteration: number;
  iterations: number;
  side: 'users' | 'items';
  rowsDone: number;
  rowsTotal: number;
}

export interface IalsIteration {
  iteration: number;
  /** Seconds spent in this sweep. */
  seconds: number;
  /** Training objective after the sweep, when `computeLoss` is set. */
  loss?: number;
}

export interface IalsOptions {
  /** Called as rows are solved (often; keep it cheap). */
  onProgress?: (p: IalsProgress) => void;
  /**
   * Called after each full sweep; may be async (e.g. validation). Factors are in the set's index
   * order (on the relabelled wasm path each read of a getter makes a reordered copy).
   */
  onIteration?: (
    it: IalsIteration,
    factors: { userFactors: Float32Array; itemFactors: Float32Array },
  ) => unknown;
  /**
   * Evaluate the objective after every sweep (`true`) or after the last one only (`'last'`): an
   * extra O(nnz·d + (|U|+|I|)·d²) pass on one thread, about a fifth of a sweep at 1M items.
   */
  computeLoss?: boolean | 'last';
  /**
   * Start from these factors (same index spaces and dim) instead of random ones: a few sweeps
   * then refit a model trained on a subset of the same interactions (train-mf.ts's refit).
   */
  initial?: { userFactors: Float32Array; itemFactors: Float32Array };
  /** Told when something degrades quietly (e.g. worker threads could not start). */
  onWarning?: (message: string) => void;
}

export interface IalsResult {
  dim: number;
  /** Row-major numUsers × dim (index space of the training set). */
  userFactors: Float32Array;
  /** Row-major numItems × dim. */
  itemFactors: Float32Array;
  /** s of the user-activity weighting (csr.ts); the fold-in needs it with config.activityExponent. */
  activityScale: number;
  /** Session rows trained beside the users (session-rows.ts; 0 when off or without timestamps). */
  sessionRows: number;
  compute: 'js' | 'wasm' | 'tf';
  /** The tfjs backend the tf path ran on, or 'js' for the typed-array path. */
  backend: string;
  seconds: number;
  iterations: IalsIteration[];
}

/**
 * Trains iALS factors for `set` (its full user and item index spaces; rows with no
 * interactions get zero vectors).
 *
 * @example
 * const model = await trainIals(train, MfConfig.parse({ factors: 64 }));
 * model.userFactors.length === train.userIds.length * 64;
 */
export async function trainIals(
  set: InteractionSet,
  config: MfConfig,
  options: IalsOptions = {},
): Promise<IalsResult> {
  const started = performance.now();
  const dim = config.factors;
  const numUsers = set.userIds.length;
  const numItems = set.itemIds.length;
  const { compute, backend } = await resolveCompute(config);
  // Session rows train beside the users (session-rows.ts) and are dropped from the result: the
  // solves see `rowsUsers` user rows, callers only ever `numUsers`.
  const { set: rows, sessions } = withSessionRows(set, config.sessionGap, config.sessionRowsMax);
  const rowsUsers = numUsers + sessions;
  const matrices = buildIalsMatrices(rows, config.alpha, config.activityExponent);
  const { activityScale } = matrices;
  const threads = compute === 'tf' ? 1 : config.threads === 0 ? availableParallelism() : config.threads;
  const initial = startingFactors(config, numUsers, numItems, options.initial, sessions);
  const layout: Layout =
    compute === 'tf'
      ? {
          runner: (await import('./solve-tf.ts')).createTfRunner(matrices.byUser, matrices.byItem),
          ...matrices,
          userFactors: initial.users,
          itemFactors: initial.items,
          pooled: false,
        }
      : compute === 'wasm'
        ? await wasmLayout(matrices, initial, dim, threads, options.onWarning)
        : await jsLayout(matrices, initial, threads, options.onWarning);
  const { runner, byUser, byItem, userFactors, itemFactors } = layout;

  const factors = callerFactors(layout, dim, numUsers, numItems);
  const iterations: IalsIteration[] = [];
  try {
    for (let it = 1; it <= config.iterations; it++) {
      const t0 = performance.now();
      // Progress counts the caller's rows: the user side's session rows are scaled in.
      const report = (side: 'users' | 'items', rowsTotal: number, solved: number) => (rowsDone: number) =>
        options.onProgress?.({
          iteration: it,
          iterations: config.iterations,
          side,
          rowsDone: Math.round((rowsDone * rowsTotal) / solved),
          rowsTotal,
        });
      await runner.solve(
        halfSweep(config, byUser, itemFactors, numItems, userFactors),
        'users',
        report('users', numUsers, rowsUsers),
      );
      const itemSweep = halfSweep(config, byItem, userFactors, rowsUsers, itemFactors);
      await runner.solve(itemSweep, 'items', report('items', numItems, numItems));
      const record: IalsIteration = { iteration: it, seconds: (performance.now() - t0) / 1000 };
      if (options.computeLoss === true || (options.computeLoss === 'last' && it === config.iterations)) {
        // XᵀX is the Gramian the item half-sweep just used (users have not moved since).
        const grams = runner.gramian && {
          x: itemSweep.gramian,
          y: await runner.gramian(itemFactors, numItems, dim),
        };
        record.loss = ialsLoss(byUser, byItem, userFactors, itemFactors, dim, config, grams);
      }
      iterations.push(record);
      await options.onIteration?.(record, factors.views);
    }
  } finally {
    runner.dispose();
  }
  return {
    dim,
    ...factors.copies(),
    activityScale,
    sessionRows: sessions,
    compute,
    backend,
    seconds: (performance.now() - started) / 1000,
    iterations,
  };
}

function halfSweep(
  config: MfConfig,
  rows: ConfidenceCsr,
  fixed: Float32Array,
  numFixed: number,
  solved: Float32Array,
): HalfSweep {
  return {
    rows,
    fixed,
    numFixed,
    solved,
    dim: config.factors,
    gramian: new Float64Array(0), // filled by the runner (JS loop or backend matmul)
    unobservedWeight: config.unobservedWeight,
    regularization: config.regularization,
    regularizationExponent: config.regularizationExponent,
    solver: config.solver,
    cgSteps: config.cgSteps,
  };
}

/**
 * The solver's factors as the caller sees them: the set's row order, real users only (session rows
 * stay out). `copies()` are plain ArrayBuffer copies callers keep after the pool is gone; `views`
 * are getters, so the copy (a reorder at 1M items) is made only for a callback that reads factors.
 */
function callerFactors(layout: Layout, dim: number, numUsers: number, numItems: number) {
  const { userFactors, itemFactors, pooled, order } = layout;
  const copyOut = (f: Float32Array, perm: Int32Array | undefined, rows: number) =>
    perm ? unpermuteRows(f, perm, dim, rows) : pooled || rows * dim < f.length ? f.slice(0, rows * dim) : f;
  return {
    copies: () => ({
      userFactors: copyOut(userFactors, order?.users, numUsers),
      itemFactors: copyOut(itemFactors, order?.items, numItems),
    }),
    views: {
      get userFactors() {
        return order
          ? unpermuteRows(userFactors, order.users, dim, numUsers)
          : userFactors.subarray(0, numUsers * dim);
      },
      get itemFactors() {
        return order ? unpermuteRows(itemFactors, order.items, dim) : itemFactors;
      },
    },
  };
}
