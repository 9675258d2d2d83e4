/**
 * `InteractionSet`: the one in-memory form of user–item feedback that every loader produces and
 * every model, split and evaluator consumes.
 *
 * Why index-encoded COO in typed arrays: 10M events as JS objects cost ~1 GB and minutes of GC;
 * as four typed columns they cost 20 bytes an event (≈200 MB for 10M) and scan at memory speed.
 * String ids are interned once into dense indices `0..n-1`; a `subset` (train/test) keeps the
 * parent's id tables, so indices mean the same user/item on both sides of a split — a model
 * trained on `train` can be scored against `test` without remapping.
 */

// The builder lives in its own file; re-exported so `InteractionSet` and its builder import together.
export { InteractionBuilder } from './interaction-builder.ts';

/**
 * User–item interactions as parallel columns (coordinate format).
 *
 * Row `r` says: user `userIds[users[r]]` interacted with item `itemIds[items[r]]` with strength
 * `weights[r]` at `timestamps[r]` (epoch milliseconds; `NaN` when that row had none).
 * Rows are NOT deduplicated: a user who viewed an item 3 times has 3 rows. Use `toCsr` to sum them.
 * The typed arrays may be longer than `length` only if created by hand; builders trim them.
 */
export interface InteractionSet {
  /** External user id of each user index (the index space; may include users with no rows). */
  userIds: string[];
  /** External item id of each item index (the index space; may include items with no rows). */
  itemIds: string[];
  /** User index of each row. */
  users: Int32Array;
  /** Item index of each row. */
  items: Int32Array;
  /** Feedback strength of each row (rating, event weight, or 1). */
  weights: Float32Array;
  /** Epoch ms of each row, `NaN` where unknown; `null` when no row had a timestamp. */
  timestamps: Float64Array | null;
  /** Number of rows. */
  length: number;
}

/** Compressed sparse rows: row `r`'s entries are `indices/values[indptr[r] .. indptr[r+1])`. */
export interface Csr {
  /** Length `rows + 1`, non-decreasing, `indptr[0] = 0`, `indptr[rows] = nnz`. */
  indptr: Int32Array;
  /** Column index of each entry, strictly increasing within a row (duplicates were summed). */
  indices: Int32Array;
  /** Summed weight of each entry. */
  values: Float32Array;
}

/**
 * Sparse matrix of `set` with rows = users (`'user'`) or items (`'item'`), columns sorted and
 * duplicate (row, column) pairs summed. O(rows + cols + nnz) by two stable counting sorts, so
 * it is cheap even at 10M rows.
 *
 * @example
 * const byUser = toCsr(set, 'user');
 * for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) seen.add(byUser.indices[p]!);
 */
export function toCsr(set: InteractionSet, by: 'user' | 'item'): Csr {
  const n = set.length;
  const rowsOf = by === 'user' ? set.users : set.items;
  const colsOf = by === 'user' ? set.items : set.users;
  const nRows = by === 'user' ? set.userIds.length : set.itemIds.length;
  const nCols = by === 'user' ? set.itemIds.length : set.userIds.length;

  // Pass 1: order rows by column (counting sort), so pass 2's stable sort by row leaves each
  // row's entries already sorted by column.
  const colStart = new Int32Array(nCols + 1);
  for (let r = 0; r < n; r++) colStart[colsOf[r]! + 1]!++;
  for (let c = 0; c < nCols; c++) colStart[c + 1]! += colStart[c]!;
  const byCol = new Int32Array(n);
  for (let r = 0; r < n; r++) byCol[colStart[colsOf[r]!]!++] = r;

  const rowStart = new Int32Array(nRows + 1);
  for (let r = 0; r < n; r++) rowStart[rowsOf[r]! + 1]!++;
  for (let i = 0; i < nRows; i++) rowStart[i + 1]! += rowStart[i]!;
  const order = new Int32Array(n);
  const cursor = rowStart.slice(0, nRows);
  for (let p = 0; p < n; p++) {
    const r = byCol[p]!;
    order[cursor[rowsOf[r]!]!++] = r;
  }

  // Merge duplicates in place while copying out.
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  let nnz = 0;
  for (let row = 0; row < nRows; row++) {
    const start = nnz;
    for (let p = rowStart[row]!; p < rowStart[row + 1]!; p++) {
      const r = order[p]!;
      const c = colsOf[r]!;
      if (nnz > start && indices[nnz - 1] === c) {
        values[nnz - 1]! += set.weights[r]!;
      } else {
        indices[nnz] = c;
        values[nnz] = set.weights[r]!;
        nnz++;
      }
    }
    indptr[row + 1] = nnz;
  }
  return { indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}

/**
 * The rows of `set` where `mask[r]` is truthy, in their original order. The id tables (and so
 * the index space) are shared with `set`, which is what lets a model trained on one subset be
 * evaluated on another.
 *
 * @example
 * const [train, test] = [subset(set, isTrain), subset(set, isTrain.map((x) => 1 - x))];
 */
export function subset(set: InteractionSet, mask: ArrayLike<boolean | number>): InteractionSet {
  if (mask.length !== set.length) {
    throw new RangeError(`mask has ${mask.length} entries for ${set.length} rows`);
  }
  let m = 0;
  for (let r = 0; r < set.length; r++) if (mask[r]) m++;
  const users = new Int32Array(m);
  const items = new Int32Array(m);
  const weights = new Float32Array(m);
  const timestamps = set.timestamps === null ? null : new Float64Array(m);
  let j = 0;
  for (let r = 0; r < set.length; r++) {
    if (!mask[r]) continue;
    users[j] = set.users[r]!;
    items[j] = set.items[r]!;
    weights[j] = set.weights[r]!;
    if (timestamps !== null) timestamps[j] = set.timestamps![r]!;
    j++;
  }
  return { userIds: set.userIds, itemIds: set.itemIds, users, items, weights, timestamps, length: m };
}
