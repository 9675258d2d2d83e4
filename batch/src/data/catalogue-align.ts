/**
 * Catalogue rows of a model's items: the join between an interaction index space and the
 * catalogue, which a retrain makes several times over the same catalogue (features, cold items,
 * item rows).
 */
import type { Catalogue } from './catalogue.ts';

/**
 * Row of each item of an interaction index space in `catalogue` (-1 when the catalogue lacks
 * it), so features can be looked up by the model's item index.
 *
 * @example
 * const row = alignCatalogue(catalogue, train.itemIds);
 * const categoryOfItem = (i: number) => (row[i]! >= 0 ? catalogue.category[row[i]!] : -1);
 */
export function alignCatalogue(catalogue: Catalogue, itemIds: readonly string[]): Int32Array {
  const index = rowIndex(catalogue);
  const out = new Int32Array(itemIds.length);
  for (let i = 0; i < itemIds.length; i++) out[i] = index.get(itemIds[i]!) ?? -1;
  return out;
}

/**
 * Item id → row, built once per catalogue: a retrain aligns the same catalogue several times
 * (features, cold items, item rows), and each map of 1M ids cost seconds. A built `Catalogue` is
 * never changed, so the map stays valid as long as the catalogue lives.
 */
const rowIndexes = new WeakMap<Catalogue, Map<string, number>>();

function rowIndex(catalogue: Catalogue): Map<string, number> {
  let index = rowIndexes.get(catalogue);
  if (index === undefined) {
    index = new Map<string, number>();
    for (let r = 0; r < catalogue.length; r++) index.set(catalogue.ids[r]!, r);
    rowIndexes.set(catalogue, index);
  }
  return index;
}
