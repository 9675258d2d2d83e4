/**
 * The shape of a category id, without zod: the storefront widget checks a page's category with
 * it before sending it (a malformed one would make the edge refuse the whole request), and a
 * zod import would multiply the widget's size. `CategoryId` (category.ts) is the schema built on it.
 */

/** Deepest category path accepted (merchant taxonomies go 5–7 levels deep). */
export const MAX_CATEGORY_DEPTH = 8;
export const MAX_CATEGORY_LABEL = 120;
export const MAX_CATEGORY_SLUG = 64;

/** One level's slug: lower-case letters of any script, digits, `_`, inner `-` and marks. */
export const SLUG =
  /^[\p{Ll}\p{Lo}\p{Lm}\p{N}_](?:[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}_-]*[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}_])?$/u;

/**
 * True when `id` is well formed: 1–8 slugs joined by `/`.
 *
 * @example
 * isCategoryId('women/dresses'); // true
 * isCategoryId('Women > Dresses'); // false
 */
export function isCategoryId(id: string): boolean {
  const slugs = id.split('/');
  return (
    slugs.length <= MAX_CATEGORY_DEPTH &&
    slugs.every((s) => s.length > 0 && s.length <= MAX_CATEGORY_SLUG && SLUG.test(s))
  );
}
