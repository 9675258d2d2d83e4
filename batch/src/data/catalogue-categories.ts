/**
 * A catalogue's category tree, interned: every category id with its own label, ancestors added
 * as their children are, so a filter or a feature on any level has a node. Items point at their
 * (deepest) category by index. `categoryTree` is the published form (CategoryTree blob).
 */
import { type CategoryTree, categoryAncestry, categoryIdOf } from '#shared/schemas';

/** Category ids and labels in first-seen order (ancestors before descendants). */
export interface CategoryTable {
  ids: string[];
  labels: string[];
}

/**
 * Interns category paths.
 *
 * @example
 * const t = new CategoryInterner();
 * t.intern(['Women', 'Dresses']); // index of 'women/dresses'; 'women' was added first
 */
export class CategoryInterner {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly labels: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  /** Index of the category with these labels (and explicit `id`, same depth, when given). */
  intern(labels: readonly string[], id: string = categoryIdOf(labels)): number {
    const known = this.index.get(id);
    if (known !== undefined) return known;
    const ancestry = categoryAncestry(id);
    let last = -1;
    ancestry.forEach((prefix, level) => {
      let i = this.index.get(prefix);
      if (i === undefined) {
        i = this.ids.length;
        this.index.set(prefix, i);
        this.ids.push(prefix);
        this.labels.push(labels[level] ?? prefix.slice(prefix.lastIndexOf('/') + 1));
      }
      last = i;
    });
    return last;
  }

  table(): CategoryTable {
    return { ids: this.ids.slice(), labels: this.labels.slice() };
  }
}

/**
 * The published tree: every node sorted by id (so parents come before children), with the
 * number of items in its subtree.
 *
 * @example
 * const tree = categoryTree(catalogue.categories, catalogue.category);
 */
export function categoryTree(table: CategoryTable, itemCategory: ArrayLike<number>): CategoryTree {
  const index = new Map(table.ids.map((id, i) => [id, i]));
  const counts = new Int32Array(table.ids.length);
  const direct = new Int32Array(table.ids.length);
  for (let r = 0; r < itemCategory.length; r++) {
    const c = itemCategory[r] as number;
    if (c >= 0) direct[c] = (direct[c] as number) + 1;
  }
  for (let c = 0; c < table.ids.length; c++) {
    if (direct[c] === 0) continue;
    for (const prefix of categoryAncestry(table.ids[c] as string)) {
      const p = index.get(prefix) as number;
      counts[p] = (counts[p] as number) + (direct[c] as number);
    }
  }
  const order = table.ids.map((_, i) => i).sort((a, b) => compare(table.ids[a]!, table.ids[b]!));
  return {
    categories: order.map((i) => ({ id: table.ids[i]!, label: table.labels[i]!, items: counts[i]! })),
    items: itemCategory.length,
    currencies: [],
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
