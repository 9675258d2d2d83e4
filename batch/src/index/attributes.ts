/**
 * Per-item attributes the edge filters and ranks fallbacks by (category, availability,
 * popularity), aligned with the model's item index. One place decides what an item without a
 * catalogue row gets, so metadata shards and fallback lists agree.
 */
import { CATEGORIES, type Category, type ItemMetadataRow } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { alignCatalogue, type Catalogue } from '../data/catalogue.ts';
import type { InteractionSet } from '../data/interactions.ts';

export interface ItemAttributes {
  /** Index into `CATEGORIES` per model item. */
  category: Uint8Array;
  /** 1 = recommendable, 0 = out of stock / delisted. */
  available: Uint8Array;
  /** Popularity per model item from the training data (distinct users, or summed weight). */
  popularity: Float64Array;
  /** Items that had no catalogue row (their category is a placeholder, see below). */
  missingFromCatalogue: number;
}

/**
 * Summed interaction weight per item: the popularity the fallback lists rank by.
 *
 * @example
 * const pop = popularityOf(train); // pop[i] = Σ weights of rows with item i
 */
export function popularityOf(set: InteractionSet): Float64Array {
  const pop = new Float64Array(set.itemIds.length);
  for (let r = 0; r < set.length; r++) {
    const i = set.items[r] as number;
    pop[i] = (pop[i] as number) + (set.weights[r] as number);
  }
  return pop;
}

/**
 * Attributes for `set.itemIds` from a catalogue. An item absent from the catalogue (or every
 * item, when there is no catalogue, e.g. MovieLens) stays available and gets the placeholder
 * category `CATEGORIES[fnv1a32(id) mod 10]`: the manifest's schema requires a category, and a
 * stable hash at least keeps category filters deterministic. The count is reported.
 *
 * @example
 * const attrs = itemAttributes(train, catalogue);
 */
export function itemAttributes(set: InteractionSet, catalogue: Catalogue | null): ItemAttributes {
  const n = set.itemIds.length;
  const category = new Uint8Array(n);
  const available = new Uint8Array(n).fill(1);
  const rows = catalogue === null ? new Int32Array(n).fill(-1) : alignCatalogue(catalogue, set.itemIds);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i] as number;
    if (r < 0 || catalogue === null) {
      category[i] = bucketOf(set.itemIds[i] as string, CATEGORIES.length);
      missing++;
    } else {
      category[i] = catalogue.category[r] as number;
      available[i] = catalogue.available[r] as number;
    }
  }
  return { category, available, popularity: popularityOf(set), missingFromCatalogue: missing };
}

/** The category name of item `i`. */
export function categoryName(attrs: ItemAttributes, i: number): Category {
  return CATEGORIES[attrs.category[i] as number] as Category;
}

/**
 * Attributes from the `items.jsonl` rows `vitrine train` writes (popularity = distinct users,
 * availability and category from the catalogue), aligned to `itemIds` by id. Items without a
 * row or a category get the same placeholders as `itemAttributes`.
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
  const category = new Uint8Array(n);
  const available = new Uint8Array(n).fill(1);
  const popularity = new Float64Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const id = itemIds[i] as string;
    const row = byId.get(id);
    const c = row?.category === undefined ? -1 : CATEGORIES.indexOf(row.category);
    if (c < 0) missing++;
    category[i] = c < 0 ? bucketOf(id, CATEGORIES.length) : c;
    if (row !== undefined) {
      available[i] = row.available ? 1 : 0;
      popularity[i] = row.popularity;
    }
  }
  return { category, available, popularity, missingFromCatalogue: missing };
}
