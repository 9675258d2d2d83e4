/**
 * The catalogue's way from `vitrine train` to the manifest: training keeps the category tree of
 * its catalogue in the trained run (`categories.json` in a kept run), and the publisher turns it
 * into a content-addressed blob and the manifest's `catalogue` section, next to the normalised
 * catalogue itself (`catalogue.normalised`: what `pipeline` without `--catalogue` reuses). A run
 * trained without a catalogue has none, and the edge then knows no categories.
 */
import { type BlobRef, CatalogueItem, type CatalogueSection, CategoryTree } from '#shared/schemas';
import { type Catalogue, catalogueRow } from './catalogue.ts';
import { categoryTree } from './catalogue-categories.ts';
import { parseCatalogue } from './catalogue-load.ts';
import type { LoadResult } from './report.ts';

/** The published category tree of `catalogue`. */
export function catalogueTree(catalogue: Catalogue): CategoryTree {
  return CategoryTree.parse({
    ...categoryTree(catalogue.categories, catalogue.category),
    currencies: [...catalogue.currencies].sort(),
  });
}

/**
 * The normalised catalogue: one `CatalogueItem` JSON line per row, in row order. Canonical —
 * loading these bytes and writing them again gives the same bytes — so an imported catalogue and
 * the one a pipeline run publishes from it are one content-addressed blob.
 *
 * @example
 * const bytes = catalogueJsonl(catalogue); // parseNormalisedCatalogue(bytes).data is the same catalogue
 */
export function catalogueJsonl(catalogue: Catalogue): Uint8Array {
  const lines: string[] = [];
  for (let r = 0; r < catalogue.length; r++) {
    lines.push(`${JSON.stringify(CatalogueItem.parse(catalogueRow(catalogue, r)))}\n`);
  }
  return new TextEncoder().encode(lines.join(''));
}

/**
 * Reads a normalised catalogue blob back (the same loader as any catalogue JSONL).
 *
 * @example
 * const { data, report } = parseNormalisedCatalogue(await readBlob(store, ref), ref.key);
 */
export function parseNormalisedCatalogue(bytes: Uint8Array, source: string): LoadResult<Catalogue> {
  return parseCatalogue(bytes, 'jsonl', source);
}

/**
 * The manifest's `catalogue` section for a tree (its blob put with `putBlob`) and, when given,
 * the normalised catalogue itself; undefined for a run trained without a catalogue.
 *
 * @example
 * const catalogue = await publishCatalogueTree(run.categories, putBlob, run.catalogue);
 */
export async function publishCatalogueTree(
  tree: CategoryTree | undefined,
  putBlob: (bytes: Uint8Array) => Promise<BlobRef>,
  catalogue?: Catalogue,
): Promise<CatalogueSection | undefined> {
  if (tree === undefined) return undefined;
  const section: CatalogueSection = {
    categories: await putBlob(new TextEncoder().encode(JSON.stringify(CategoryTree.parse(tree)))),
    categoryCount: tree.categories.length,
    items: tree.items,
    currencies: tree.currencies,
  };
  if (catalogue !== undefined) section.normalised = await putBlob(catalogueJsonl(catalogue));
  return section;
}
