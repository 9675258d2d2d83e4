/**
 * Per-item attributes the edge filters and ranks fallbacks by (category, availability,
 * popularity), aligned with the model's item index. One place decides what an item without a
 * catalogue row gets (no category: it passes no category filter, and the count is reported,
 * so nothing is recategorised silently), so metadata shards and fallback lists agree.
 */
import type { ItemMetadataRow } from '#shared/schemas';

export interface ItemAttributes {
  /** Index into `categoryIds` per model item, or -1 for an item without a category. */
  category: Int32Array;
  /** The category ids `category` indexes. */
  categoryIds: readonly string[];
  /** 1 = recommendable, 0 = out of stock / delisted. */
  available: Uint8Array;
  /** Popularity per model item from the training data (distinct users, or summed weight). */
  popularity: Float64Array;
  /** Items that had no catalogue row. */
  missingFromCatalogue: number;
  /** Items without a category (no catalogue row, or a row without one). */
  uncategorised: number;
  /** When each item entered the catalogue (null: unknown); absent when the catalogue has no dates. */
  addedAt?: (string | null)[];
}

/** The category id of item `i`, or null. */
export function categoryName(attrs: ItemAttributes, i: number): string | null {
  const c = attrs.category[i] as number;
  return c < 0 ? null : (attrs.categoryIds[c] as string);
}

/**
 * Attributes from the `items.jsonl` rows `vitrine train` writes (popularity = distinct users,
 * availability and category from the catalogue), aligned to `itemIds` by id. Items without a
 * row or a category have none.
 *
 * @example
 * const attrs = attributesFromItemRows(model.itemIds, rows);
 */
export function attributesFromItemRows(
  itemIds: readonly string[],
  rows: readonly ItemMetadataRow[],
): ItemAttributes {
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  const n = itemIds.length;
  const category = new Int32Array(n).fill(-1);
  const available = new Uint8Array(n).fill(1);
  const popularity = new Float64Array(n);
  const index = new Map<string, number>();
  let missing = 0;
  let uncategorised = 0;
  for (let i = 0; i < n; i++) {
    const row = byId.get(itemIds[i] as string);
    if (row === undefined) missing++;
    else {
      available[i] = row.available ? 1 : 0;
      popularity[i] = row.popularity;
    }
    const id = row?.category;
    if (id === undefined) {
      uncategorised++;
      continue;
    }
    let c = index.get(id);
    if (c === undefined) {
      c = index.size;
      index.set(id, c);
    }
    category[i] = c;
  }
  const dated = rows.some((r) => r.addedAt !== undefined);
  return {
    category,
    categoryIds: [...index.keys()],
    available,
    popularity,
    missingFromCatalogue: missing,
    uncategorised,
    ...(dated ? { addedAt: itemIds.map((id) => byId.get(id)?.addedAt ?? null) } : {}),
  };
}
