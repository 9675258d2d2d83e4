/**
 * A ready-made test split (`vitrine train --test`) in the training set's index space: a model
 * trained on `train` is scored on `test` by index, so test rows must use train's id tables. Rows
 * whose user or item never occurs in training cannot be scored by a collaborative model (the
 * usual protocol leaves them out); they are counted, not silently lost.
 */
import type { InteractionSet } from './interactions.ts';

export interface AlignedTest {
  /** The test rows whose user and item the training set knows, in train's index space. */
  test: InteractionSet;
  /** Rows left out because their user / item is not in training. */
  unknownUser: number;
  unknownItem: number;
}

/**
 * Re-indexes `test` onto `train`'s users and items.
 *
 * @example
 * const { test, unknownUser } = alignToTraining(loadedTest, train);
 * evaluate(model, train, test, { k: 10 });
 */
export function alignToTraining(test: InteractionSet, train: InteractionSet): AlignedTest {
  const userIndex = new Map(train.userIds.map((id, u) => [id, u]));
  const itemIndex = new Map(train.itemIds.map((id, i) => [id, i]));
  const users = new Int32Array(test.length);
  const items = new Int32Array(test.length);
  const weights = new Float32Array(test.length);
  const timestamps = test.timestamps === null ? null : new Float64Array(test.length);
  let n = 0;
  let unknownUser = 0;
  let unknownItem = 0;
  for (let r = 0; r < test.length; r++) {
    const u = userIndex.get(test.userIds[test.users[r]!]!);
    const i = itemIndex.get(test.itemIds[test.items[r]!]!);
    if (u === undefined) unknownUser++;
    else if (i === undefined) unknownItem++;
    else {
      users[n] = u;
      items[n] = i;
      weights[n] = test.weights[r]!;
      if (timestamps !== null) timestamps[n] = test.timestamps![r]!;
      n++;
    }
  }
  const aligned: InteractionSet = {
    userIds: train.userIds,
    itemIds: train.itemIds,
    users: users.slice(0, n),
    items: items.slice(0, n),
    weights: weights.slice(0, n),
    timestamps: timestamps === null ? null : timestamps.slice(0, n),
    length: n,
  };
  return { test: aligned, unknownUser, unknownItem };
}
