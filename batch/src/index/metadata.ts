/**
 * Per-list `ShardMetadata`: the category, availability, popularity (and, when the catalogue has
 * dates, `addedAt`) of each row of an IVF list shard, in the shard's row order, so the edge can apply business filters (category,
 * available-only) while it scans without any per-item lookup. JSON because it is small (a few
 * dozen bytes a row) and validated by the same zod schema on both sides.
 */
import { ShardMetadata } from '#shared/schemas';
import { categoryName, type ItemAttributes } from './attributes.ts';

const encoder = new TextEncoder();

/**
 * Metadata rows for the item rows `rows` (model item indices, in shard order).
 *
 * @example
 * const meta = listMetadata(attrs, ivf.lists[0]);
 */
export function listMetadata(attrs: ItemAttributes, rows: ArrayLike<number>): ShardMetadata {
  const category: (string | null)[] = [];
  const available: boolean[] = [];
  const popularity: number[] = [];
  const addedAt: (string | null)[] = [];
  for (let p = 0; p < rows.length; p++) {
    const i = rows[p] as number;
    category.push(categoryName(attrs, i));
    available.push(attrs.available[i] === 1);
    popularity.push(attrs.popularity[i] as number);
    if (attrs.addedAt) addedAt.push(attrs.addedAt[i] ?? null);
  }
  // Catalogues without dates publish no column (the edge then never says `new_in_category`).
  return { category, available, popularity, ...(attrs.addedAt ? { addedAt } : {}) };
}

/** Validates and serialises one metadata document (compact JSON, UTF-8). */
export function encodeMetadata(meta: ShardMetadata): Uint8Array {
  return encoder.encode(JSON.stringify(ShardMetadata.parse(meta)));
}
