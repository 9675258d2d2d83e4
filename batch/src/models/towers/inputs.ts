/**
 * The input layer of a feature tower: a capped vocabulary of multi-hot features (the same kind
 * the ridge map keeps, models/mf/features.ts) and dense blocks of rows for the MLP.
 *
 * Dense rather than an embedding bag: a gather's gradient needs `UnsortedSegmentSum`, which the
 * WASM backend lacks (../shared/notes/batch-stack.md), while a dense [rows × vocabulary] block times
 * the first weight matrix is one BatchMatMul on every backend. Blocks are built per step for the
 * rows in use only, so memory is steps' rows × vocabulary, never catalogue × vocabulary.
 */
import type { SparseFeatures } from '../mf/features.ts';
import { vocabulary } from '../mf/vocabulary.ts';

/** The kept features of a tower, in input-column order. */
export interface TowerVocabulary {
  names: string[];
  /** Column of each name, for rows described by names. */
  column: Map<string, number>;
}

/**
 * The `max` most supported features among rows with `weight > 0` (seen on ≥ `minSupport` rows).
 *
 * @example
 * const vocab = towerVocabulary(features, trainedMask, 512);
 */
export function towerVocabulary(
  features: SparseFeatures,
  weight: Float32Array,
  max = 512,
  minSupport = 2,
): TowerVocabulary {
  const { names } = vocabulary(features, weight, max, minSupport);
  return { names, column: new Map(names.map((n, k) => [n, k])) };
}

/**
 * Rows `rows` of `features` as a dense row-major multi-hot block over `vocab` (rows × names).
 * Features outside the vocabulary are ignored, so a row with none of them is all zeros (the
 * tower then answers its bias path: the mean-like vector).
 *
 * @example
 * const block = denseRows(features, vocab, [0, 5, 9]); // Float32Array(3 * vocab.names.length)
 */
export function denseRows(
  features: SparseFeatures,
  vocab: TowerVocabulary,
  rows: ArrayLike<number>,
): Float32Array {
  const m = vocab.names.length;
  const out = new Float32Array(rows.length * m);
  const columnOf = columnsOf(features, vocab);
  for (let b = 0; b < rows.length; b++) {
    const r = rows[b]!;
    for (let p = features.indptr[r]!; p < features.indptr[r + 1]!; p++) {
      const k = columnOf[features.indices[p]!]!;
      if (k >= 0) out[b * m + k] = 1;
    }
  }
  return out;
}

const columnCache = new WeakMap<SparseFeatures, WeakMap<TowerVocabulary, Int32Array>>();

/** features.names index → vocabulary column (−1 when dropped), memoised per pair. */
function columnsOf(features: SparseFeatures, vocab: TowerVocabulary): Int32Array {
  let byVocab = columnCache.get(features);
  if (!byVocab) {
    byVocab = new WeakMap();
    columnCache.set(features, byVocab);
  }
  let cols = byVocab.get(vocab);
  if (!cols) {
    cols = Int32Array.from(features.names, (n) => vocab.column.get(n) ?? -1);
    byVocab.set(vocab, cols);
  }
  return cols;
}
