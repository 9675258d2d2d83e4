/**
 * A shop's own categories: a path of labels (`Women > Dresses > Maxi`, any UTF-8) whose id is the
 * path of their slugs (`women/dresses/maxi`). The id is what travels (filters, metadata, the
 * manifest); labels are for people. A slug depends only on its label (NFKC, lower case, runs of
 * anything but letters, digits and `_` become `-`), so an id is stable across imports as long as
 * the label is; a shop that renames a label and wants to keep the id gives `categoryId` itself.
 * A filter on a category includes its descendants: `women` matches `women/dresses/maxi`.
 */
import * as z from 'zod';
import {
  isCategoryId,
  MAX_CATEGORY_DEPTH,
  MAX_CATEGORY_LABEL,
  MAX_CATEGORY_SLUG,
  SLUG,
} from './category-id.ts';

export { isCategoryId, MAX_CATEGORY_DEPTH, MAX_CATEGORY_LABEL, MAX_CATEGORY_SLUG } from './category-id.ts';

/** A category id, e.g. `women/dresses/maxi` (lowercase slugs of any script, `/` between levels). */
export const CategoryId = z
  .string()
  .max(MAX_CATEGORY_DEPTH * (MAX_CATEGORY_SLUG + 1))
  .refine(isCategoryId, {
    message: `must be a category id: lowercase slugs joined by "/" (e.g. women/dresses), at most ${MAX_CATEGORY_DEPTH} levels`,
  });
export type CategoryId = z.infer<typeof CategoryId>;

/**
 * The slug of one label. Labels that are all punctuation or symbols get `c-<hex of the label's
 * code points' fnv1a>` so every label has a slug.
 *
 * @example
 * categorySlug('T-Shirts & Tops'); // 't-shirts-tops'
 * categorySlug('Küche'); // 'küche'
 */
export function categorySlug(label: string): string {
  const slug = label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '')
    .slice(0, MAX_CATEGORY_SLUG)
    .replace(/-+$/, '');
  if (slug !== '' && SLUG.test(slug)) return slug;
  let h = 0x811c9dc5;
  for (const ch of label) h = Math.imul(h ^ (ch.codePointAt(0) as number), 0x01000193) >>> 0;
  return `c-${h.toString(16).padStart(8, '0')}`;
}

/**
 * The id of a path of labels.
 *
 * @example
 * categoryIdOf(['Women', 'Dresses', 'Maxi']); // 'women/dresses/maxi'
 */
export function categoryIdOf(labels: readonly string[]): string {
  return labels.map(categorySlug).join('/');
}

/**
 * A path written as text (`Women > Dresses > Maxi`, the merchant-feed `product_type` shape) as
 * its labels; empty levels are dropped.
 *
 * @example
 * splitCategoryPath(' Home >  Kitchen>Knives '); // ['Home', 'Kitchen', 'Knives']
 */
export function splitCategoryPath(text: string): string[] {
  return text
    .split('>')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * True when an item of category `item` passes a filter on `filter` (itself or a descendant).
 *
 * @example
 * isWithinCategory('women/dresses/maxi', 'women'); // true
 * isWithinCategory('womenswear', 'women'); // false
 */
export function isWithinCategory(item: string, filter: string): boolean {
  return (
    item === filter || (item.length > filter.length && item.startsWith(filter) && item[filter.length] === '/')
  );
}

/**
 * `id` and its ancestors, root first.
 *
 * @example
 * categoryAncestry('a/b/c'); // ['a', 'a/b', 'a/b/c']
 */
export function categoryAncestry(id: string): string[] {
  const out: string[] = [];
  let end = id.indexOf('/');
  while (end >= 0) {
    out.push(id.slice(0, end));
    end = id.indexOf('/', end + 1);
  }
  out.push(id);
  return out;
}

/** Category labels root first; a string is split on `>` (`"Women > Dresses"`). */
export const CategoryLabels = z.preprocess(
  (v) => (typeof v === 'string' ? splitCategoryPath(v) : v),
  z
    .array(z.string().trim().min(1, 'a category level must not be empty').max(MAX_CATEGORY_LABEL))
    .min(1, 'must name at least one level')
    .max(MAX_CATEGORY_DEPTH, `must have at most ${MAX_CATEGORY_DEPTH} levels`),
);

/** One node of a shop's category tree. */
export const CategoryNode = z.object({
  id: CategoryId,
  /** The node's own label (not the whole path), as the shop wrote it first. */
  label: z.string().max(MAX_CATEGORY_LABEL),
  /** Items in this category and its descendants. */
  items: z.number().int().nonnegative(),
});
export type CategoryNode = z.infer<typeof CategoryNode>;

/**
 * Every category of a catalogue, parents before children (ids sorted), published as a blob the
 * manifest names: the edge tells a well-formed but unknown category filter from a known one.
 * Written by `vitrine train` as `categories.json` in its run directory, published from there.
 */
export const CategoryTree = z.object({
  categories: z.array(CategoryNode),
  /** Items in the catalogue. */
  items: z.number().int().nonnegative(),
  /** ISO 4217 codes of its prices. */
  currencies: z.array(z.string().regex(/^[A-Z]{3}$/)),
});
export type CategoryTree = z.infer<typeof CategoryTree>;

/**
 * The nearest of `known` ids that is `id` or one of its ancestors (deepest first), or undefined.
 *
 * @example
 * nearestCategory('women/dresses/maxi', ['women', 'men']); // 'women'
 */
export function nearestCategory(id: string, known: readonly string[]): string | undefined {
  const ancestry = categoryAncestry(id);
  for (let i = ancestry.length - 1; i >= 0; i--)
    if (known.includes(ancestry[i] as string)) return ancestry[i];
  return undefined;
}
