/**
 * Category filters against the live model's catalogue: a well-formed category id (the schema
 * already turned a malformed one into a 400) that the catalogue does not have gets a healthy,
 * empty answer that says why (`notice.reason: unknown_category`) instead of an empty list that
 * looks like a bug, or a 400 for a category the shop may add tomorrow.
 */
import { CategoryTree, type Manifest, type RecommendationResponse, type Strategy } from '#shared/schemas';
import { log } from '../../lib/index.ts';
import type { ItemFilter } from '../scoring/index.ts';
import type { Degradations, RecommendContext } from './answer.ts';

/** Known ids per decoded tree (one per manifest). */
const known = new WeakMap<CategoryTree, Set<string>>();

async function isKnown(ctx: RecommendContext, manifest: Manifest, category: string): Promise<boolean> {
  const section = manifest.catalogue;
  if (section === undefined) return false;
  const tree = await ctx.timing.measure('filter', () =>
    ctx.services.store.json(section.categories, 'categories', CategoryTree, ctx.scope),
  );
  let ids = known.get(tree);
  if (ids === undefined) {
    ids = new Set(tree.categories.map((c) => c.id));
    known.set(tree, ids);
  }
  return ids.has(category);
}

/**
 * The empty answer for a category filter the live catalogue does not know, or undefined when
 * there is no filter, the category is known, or the tree cannot be read (then the search runs
 * and the failure is noted).
 *
 * @example
 * const unknown = await unknownCategoryAnswer(ctx, manifest, filter, notes, 'user_vector');
 * if (unknown !== undefined) return unknown;
 */
export async function unknownCategoryAnswer(
  ctx: RecommendContext,
  manifest: Manifest,
  filter: ItemFilter,
  notes: Degradations,
  strategy: Strategy,
): Promise<RecommendationResponse | undefined> {
  const category = filter.category;
  if (category === undefined) return undefined;
  try {
    if (await isKnown(ctx, manifest, category)) return undefined;
  } catch (error) {
    notes.absorb('category tree', error);
    return undefined;
  }
  log('info', 'unknown_category', {
    route: ctx.route,
    version: manifest.version,
    category,
    catalogue: manifest.catalogue !== undefined,
  });
  return { ...notes.respond(manifest.version, strategy, []), notice: { reason: 'unknown_category' } };
}
