/**
 * `Recommender`: the one thing evaluation needs from a model — dense scores for a batch of users.
 *
 * Why batched dense scoring rather than `recommend(user, k, exclude)` per user:
 * - a factor model's scores for B users are one [B×f]·[f×N] matmul, which is how tfjs (and a GPU)
 *   is fast; calling it user by user pays the dispatch and download cost B times;
 * - exclusion of seen items and top-k selection are then done ONCE, in `evaluate`/`topKItems`,
 *   identically for every model, so a model cannot win by excluding differently;
 * - the caller owns the output buffer and sizes the batch to a memory budget
 *   (B·N floats: 600 users × 10k items fits in one batch; at 1M items, ~16 users per batch, and
 *   large user bases are evaluated on a sample of users — see `EvaluateOptions.sampleUsers`).
 *
 * Index spaces: users and items are the indices of the `InteractionSet` the model was trained
 * on (train and test subsets share them), so `numItems = train.itemIds.length`.
 */
import type { InteractionSet } from '../data/interactions.ts';
import { toCsr } from '../data/interactions.ts';

/** A model that can rank the whole catalogue for any user of its training index space. */
export interface Recommender {
  /** Short label for tables and logs, e.g. `popularity`, `ials-64`. */
  readonly name: string;
  /**
   * Writes the score of every item for each user in `users` into `out`, row-major:
   * `out[b * numItems + i]` = score of item `i` for user `users[b]`, where
   * `numItems = out.length / users.length`. Higher is better; `-Infinity` means "never recommend".
   * Every element must be written (the buffer is reused between batches). May be async (a tfjs
   * model downloads its result with `await tensor.data()`).
   */
  scoreUsers(users: Int32Array, out: Float32Array): void | Promise<void>;
}

/** How `PopularityRecommender` counts an item's popularity in the training set. */
export type PopularityBy = 'users' | 'weight';

/**
 * The baseline every model is reported beside: ranks items by how many distinct training users
 * touched them (`by: 'users'`, default) or by summed weight (`by: 'weight'`); the same list for
 * everyone, minus what each user has already seen (removed by the evaluator).
 *
 * Equal counts tie; `topKItems` breaks every tie towards the lower item index, so the ranking is
 * deterministic.
 *
 * @example
 * const pop = new PopularityRecommender(train);
 * const metrics = await evaluate(pop, train, test, { k: 10 });
 */
export class PopularityRecommender implements Recommender {
  readonly name = 'popularity';
  /** Popularity score of each item index. */
  readonly scores: Float32Array;

  constructor(train: InteractionSet, options: { by?: PopularityBy } = {}) {
    const by = options.by ?? 'users';
    const csr = toCsr(train, 'item');
    const n = train.itemIds.length;
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const start = csr.indptr[i]!;
      const end = csr.indptr[i + 1]!;
      if (by === 'users') {
        scores[i] = end - start;
      } else {
        let s = 0;
        for (let p = start; p < end; p++) s += csr.values[p]!;
        scores[i] = s;
      }
    }
    this.scores = scores;
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const n = this.scores.length;
    if (out.length !== users.length * n) {
      throw new RangeError(`out has ${out.length} slots, expected ${users.length} × ${n}`);
    }
    for (let b = 0; b < users.length; b++) out.set(this.scores, b * n);
  }
}
