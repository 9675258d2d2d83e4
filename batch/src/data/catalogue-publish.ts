/**
 * The catalogue's way from `vitrine train` to the manifest: training keeps the category tree of
 * its catalogue in the trained run (`categories.json` in a kept run), and the publisher turns it
 * into a content-addressed blob and the manifest's `catalogue` section. A run trained without a
 * catalogue has none, and the edge then knows no categories.
 */
import { type BlobRef, type CatalogueSection, CategoryTree } from '#shared/schemas';
import type { Catalogue } from './catalogue.ts';
import { categoryTree } from './catalogue-categories.ts';

/** The published category tree of `catalogue`. */
export function catalogueTree(catalogue: Catalogue): CategoryTree {
  return CategoryTree.parse({
    ...categoryTree(catalogue.categories, catalogue.category),
    currencies: [...catalogue.currencies].sort(),
  });
}

/**
 * The manifest's `catalogue` section for a tree (its blob put with `putBlob`), or undefined for
 * a run trained without a catalogue.
 *
 * @example
 * const catalogue = await publishCatalogueTree(run.categories, putBlob);
 */
export async function publishCatalogueTree(
  tree: CategoryTree | undefined,
  putBlob: (bytes: Uint8Array) => Promise<BlobRef>,
): Promise<CatalogueSection | undefined> {
  if (tree === undefined) return undefined;
  return {
    categories: await putBlob(new TextEncoder().encode(JSON.stringify(CategoryTree.parse(tree)))),
    categoryCount: tree.categories.length,
    items: tree.items,
    currencies: tree.currencies,
  };
}
