/**
 * What one training step of a tower sees: a block of users, a set of candidate items, the
 * dense 0/1 matrix of which candidates each user touched, and the rows of the fixed MF factors
 * and of the tower's features that go with them. Pure typed-array code; train.ts turns a block
 * into tensors.
 */
import type { Rng } from '#shared/random';
import type { SparseFeatures } from '../mf/features.ts';

/** Positives as user-major compressed rows (users × items); values are not used. */
export interface PositiveRows {
  indptr: Int32Array;
  indices: Int32Array;
}

/** Everything a tower learns from (train.ts). */
export interface TowerData {
  /** Which side the tower embeds: items (cold items) or users (cold users). */
  side: 'item' | 'user';
  /** Features of every row of the tower's side (index space of `positives`' items or users). */
  features: SparseFeatures;
  /** MF factors of the tower's side, rows × dim: the distillation target. */
  teacher: Float32Array;
  /** MF factors of the other side, held fixed: the tower learns to rank against them. */
  counterpart: Float32Array;
  dim: number;
  positives: PositiveRows;
  numItems: number;
  /** Tower-side rows it may learn from (default: every row with an interaction). */
  trainable?: Uint8Array;
}

/**
 * The data of an item tower for a trained factor model: items are the tower's side, the model's
 * user vectors the fixed side.
 *
 * @example
 * await trainTower(itemTowerData(model, features, toCsr(train, 'user'), model.itemIds.length));
 */
export function itemTowerData(
  model: { itemFactors: Float32Array; userFactors: Float32Array; dim: number },
  features: SparseFeatures,
  positives: PositiveRows,
  numItems: number,
  trainable?: Uint8Array,
): TowerData {
  return {
    side: 'item',
    features,
    teacher: model.itemFactors,
    counterpart: model.userFactors,
    dim: model.dim,
    positives,
    numItems,
    ...(trainable ? { trainable } : {}),
  };
}

/**
 * One step's inputs: B users × C columns. On the item side a column is a *group* of candidate
 * items with identical features (the tower gives them one vector, so their softmax terms differ
 * only in number: log-multiplicity is added inside the normaliser, which is exact); on the user
 * side every candidate item is its own column.
 */
export interface Block {
  users: Int32Array;
  /** The candidate items. */
  candidates: Int32Array;
  /** Column of each candidate. */
  columnOf: Int32Array;
  /** A representative candidate of each column (its features are the column's). */
  items: Int32Array;
  /** Candidates per column. */
  multiplicity: Float32Array;
  /** B × C: the user's positives in the column. */
  relevance: Float32Array;
  positives: number;
}

/** Interactions per row of the tower's side. */
export function rowCounts(data: TowerData): Float32Array {
  const { indptr, indices } = data.positives;
  const users = indptr.length - 1;
  const counts = new Float32Array(data.side === 'item' ? data.numItems : users);
  for (let u = 0; u < users; u++) {
    if (data.side === 'user') counts[u] = indptr[u + 1]! - indptr[u]!;
    else for (let p = indptr[u]!; p < indptr[u + 1]!; p++) counts[indices[p]!]!++;
  }
  return counts;
}

/**
 * The block of `users` × `candidates`; `groupOf` (item → feature-group id) merges candidates with
 * identical features into one column.
 *
 * @example
 * const block = relevanceBlock(data.positives, users, candidates, data.numItems, groupOf);
 */
export function relevanceBlock(
  positives: PositiveRows,
  users: Int32Array,
  candidates: Int32Array,
  numItems: number,
  groupOf?: Int32Array,
): Block {
  const column = new Int32Array(numItems).fill(-1);
  const columnOfGroup = new Map<number, number>();
  const columnOf = new Int32Array(candidates.length);
  const items: number[] = [];
  const multiplicity: number[] = [];
  candidates.forEach((i, k) => {
    const key = groupOf ? groupOf[i]! : -1 - k;
    let c = columnOfGroup.get(key);
    if (c === undefined) {
      c = items.push(i) - 1;
      multiplicity.push(0);
      columnOfGroup.set(key, c);
    }
    multiplicity[c]!++;
    column[i] = c;
    columnOf[k] = c;
  });
  const width = items.length;
  const relevance = new Float32Array(users.length * width);
  let count = 0;
  users.forEach((u, b) => {
    for (let p = positives.indptr[u]!; p < positives.indptr[u + 1]!; p++) {
      const c = column[positives.indices[p]!]!;
      if (c >= 0) {
        relevance[b * width + c]!++;
        count++;
      }
    }
  });
  return {
    users,
    candidates,
    columnOf,
    items: Int32Array.from(items),
    multiplicity: Float32Array.from(multiplicity),
    relevance,
    positives: count,
  };
}

/**
 * Feature-group id of every row: rows with the same set of features share one.
 *
 * @example
 * featureGroups({ names: ['a'], indptr: Int32Array.of(0, 1, 1, 2), indices: Int32Array.of(0, 0) }); // [0, 1, 0]
 */
export function featureGroups(features: { indptr: Int32Array; indices: Int32Array }): Int32Array {
  const rows = features.indptr.length - 1;
  const ids = new Map<string, number>();
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const key = Array.from(features.indices.subarray(features.indptr[r]!, features.indptr[r + 1]!))
      .sort((a, b) => a - b)
      .join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    out[r] = id;
  }
  return out;
}

/** `rows` rows of a row-major matrix with `dim` columns. */
export function gatherRows(matrix: Float32Array, rows: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let b = 0; b < rows.length; b++)
    out.set(matrix.subarray(rows[b]! * dim, (rows[b]! + 1) * dim), b * dim);
  return out;
}

/** At most `max` of `pool`, uniformly without replacement (all of it when it fits), sorted. */
export function sampleAtMost(pool: Int32Array, max: number, rng: Rng): Int32Array {
  if (pool.length <= max) return pool;
  const copy = Array.from(pool);
  for (let k = 0; k < max; k++) {
    const j = k + rng.nextInt(copy.length - k);
    [copy[k], copy[j]] = [copy[j]!, copy[k]!];
  }
  return Int32Array.from(copy.slice(0, max)).sort();
}

/** Users with at least one positive among `items`. */
export function usersTouching(positives: PositiveRows, items: Int32Array, numItems: number): Int32Array {
  const mark = new Uint8Array(numItems);
  for (const i of items) mark[i] = 1;
  const out: number[] = [];
  for (let u = 0; u < positives.indptr.length - 1; u++) {
    for (let p = positives.indptr[u]!; p < positives.indptr[u + 1]!; p++) {
      if (mark[positives.indices[p]!]) {
        out.push(u);
        break;
      }
    }
  }
  return Int32Array.from(out);
}

/** Mean of `rows` rows of a row-major matrix (the untrained tower's answer). */
export function meanRow(matrix: Float32Array, rows: Int32Array, dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (const r of rows)
    for (let d = 0; d < dim; d++) out[d]! += matrix[r * dim + d]! / Math.max(1, rows.length);
  return out;
}
