/**
 * Business filters applied while scanning (so top-k stays full instead of shrinking after
 * the fact): explicit exclusions and already-seen items, category, out-of-stock. Duplicates
 * across lists are removed when partial results are merged (`CandidatePool` keeps one per id).
 */
import { isWithinCategory, type ShardMetadata } from '#shared/schemas';
import type { RowFilter } from '#shared/search';

export interface ItemFilter {
  /** Ids never to return: the request's `exclude`, the session's seen items, the query item. */
  exclude: ReadonlySet<string>;
  /** A category id: items of it or of any of its descendants pass. */
  category?: string | undefined;
  /** Drop items marked unavailable in the list metadata (always on for shoppers). */
  availableOnly: boolean;
}

/**
 * The row predicate for one list, or undefined when nothing needs checking (fastest scan).
 *
 * @example
 * const keep = rowFilter({ exclude: new Set(['i1']), availableOnly: true }, shard.ids, meta);
 */
export function rowFilter(
  filter: ItemFilter,
  ids: readonly string[],
  meta: ShardMetadata,
): RowFilter | undefined {
  const { exclude, category, availableOnly } = filter;
  const checkIds = exclude.size > 0;
  if (!checkIds && category === undefined && !availableOnly) return undefined;
  const cats = meta.category;
  const avail = meta.available;
  return (row) =>
    (!availableOnly || avail[row] === true) &&
    (category === undefined || isWithin(cats[row], category)) &&
    (!checkIds || !exclude.has(ids[row] as string));
}

const isWithin = (item: string | null | undefined, filter: string): boolean =>
  item !== null && item !== undefined && isWithinCategory(item, filter);

/**
 * True when `itemId` (of `itemCategory`) passes the id and category filters; an item without a
 * category never passes a category filter.
 */
export function passesIdFilters(filter: ItemFilter, itemId: string, itemCategory?: string): boolean {
  if (filter.exclude.has(itemId)) return false;
  return filter.category === undefined || isWithin(itemCategory, filter.category);
}

/** Whether metadata rows line up with the shard they describe. */
export function metadataMatches(meta: ShardMetadata, count: number): boolean {
  return (
    meta.category.length === count &&
    meta.available.length === count &&
    meta.popularity.length === count &&
    (meta.addedAt === undefined || meta.addedAt.length === count)
  );
}
