/**
 * Popular/segment fallback lists: what the edge serves a stranger (no user vector, no session
 * items) or when scoring fails. The segment is the category: one list per category plus a
 * global one, each the most popular available items by summed interaction weight (training
 * data). Unavailable items are left out here because the edge cannot re-rank a fallback list;
 * ties rank the smaller item id first so the lists are deterministic.
 */
import { categoryAncestry, FallbackLists } from '#shared/schemas';
import type { ItemAttributes } from './attributes.ts';

export interface FallbackOptions {
  /** Entries per list (default 100). */
  size?: number;
}

/**
 * Builds the global and per-category lists. Items with zero popularity are never listed.
 *
 * @example
 * const lists = buildFallback(train.itemIds, attrs, { size: 50 });
 */
export function buildFallback(
  itemIds: readonly string[],
  attrs: ItemAttributes,
  options: FallbackOptions = {},
): FallbackLists {
  const size = options.size ?? 100;
  const order: number[] = [];
  for (let i = 0; i < itemIds.length; i++) {
    if (attrs.available[i] === 1 && (attrs.popularity[i] as number) > 0) order.push(i);
  }
  order.sort((a, b) => {
    const d = (attrs.popularity[b] as number) - (attrs.popularity[a] as number);
    if (d !== 0) return d;
    const ia = itemIds[a] as string;
    const ib = itemIds[b] as string;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const entry = (i: number) => {
    const c = attrs.category[i] as number;
    const e = { itemId: itemIds[i] as string, score: attrs.popularity[i] as number };
    return c < 0 ? e : { ...e, category: attrs.categoryIds[c] as string };
  };
  const global = order.slice(0, size).map(entry);
  const byCategory: Record<string, ReturnType<typeof entry>[]> = {};
  // Every level gets a list: an item counts for its category and each ancestor.
  const ancestry = attrs.categoryIds.map(categoryAncestry);
  for (const i of order) {
    const c = attrs.category[i] as number;
    if (c < 0) continue;
    for (const name of ancestry[c] as string[]) {
      const list = byCategory[name] ?? [];
      byCategory[name] = list;
      if (list.length < size) list.push(entry(i));
    }
  }
  return FallbackLists.parse({ global, byCategory });
}

/** Serialises the lists as compact JSON. */
export function encodeFallback(lists: FallbackLists): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(FallbackLists.parse(lists)));
}
