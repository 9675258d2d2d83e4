/**
 * `Catalogue`: item features in columns, the form side-feature models and the index builder read.
 *
 * Why columns: at 1M items, one object per item with a tags array costs hundreds of MB and slows
 * every pass; category/brand/band as small integer codes and tags as a CSR of tag codes cost
 * ~30 bytes an item and feed straight into one-hot or embedding-sum features.
 * Rows are validated with the zod `CatalogueItem` schema (shared/src/schemas/catalogue.ts).
 */
import { CATEGORIES, type CatalogueItem, type Category, PRICE_BANDS, priceBandOf } from '#shared/schemas';

/** Item features, one entry per catalogue row, aligned by position. */
export interface Catalogue {
  /** Item id of each row. */
  ids: string[];
  /** Title of each row ('' when absent). */
  titles: string[];
  /** Index into `CATEGORIES` of each row. */
  category: Uint8Array;
  /** Index into `brands`, or -1 for no brand. */
  brand: Int32Array;
  /** Brand names, in first-seen order. */
  brands: string[];
  /** Price, `NaN` when absent. */
  price: Float64Array;
  /** Index into `PRICE_BANDS`, or -1 when neither a price nor a band was given. */
  priceBand: Int8Array;
  /** Tags of row r are `tagNames[tagIndices[tagIndptr[r] .. tagIndptr[r+1])]`, sorted, unique. */
  tagIndptr: Int32Array;
  tagIndices: Int32Array;
  /** Tag names, in first-seen order. */
  tagNames: string[];
  /** Ordinal among the Fashion-MNIST test images of the row's category, or -1. */
  imageIndex: Int32Array;
  /** 1 when the item can be recommended, 0 when out of stock / delisted. */
  available: Uint8Array;
  length: number;
}

const CATEGORY_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const BAND_INDEX = new Map<string, number>(PRICE_BANDS.map((b, i) => [b, i]));

/**
 * Grows a `Catalogue` one validated row at a time, interning brands and tags.
 *
 * @example
 * const b = new CatalogueBuilder();
 * b.add({ itemId: 'sku-1', category: 'dress', brand: 'Acme', price: 39, tags: ['linen'], available: true });
 * const catalogue = b.build();
 */
export class CatalogueBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private category: number[] = [];
  private brand: number[] = [];
  private price: number[] = [];
  private band: number[] = [];
  private image: number[] = [];
  private available: number[] = [];
  private tagIndptr: number[] = [0];
  private tagIndices: number[] = [];
  private readonly brandIndex = new Map<string, number>();
  private readonly tagIndex = new Map<string, number>();
  private readonly idIndex = new Map<string, number>();

  get length(): number {
    return this.ids.length;
  }

  /** True when `itemId` was already added (a duplicate row). */
  has(itemId: string): boolean {
    return this.idIndex.has(itemId);
  }

  /** Index of `name` among brands, interning it. */
  internBrand(name: string): number {
    return intern(this.brandIndex, name);
  }

  /** Index of `name` among tags, interning it. */
  internTag(name: string): number {
    return intern(this.tagIndex, name);
  }

  add(item: CatalogueItem): void {
    this.idIndex.set(item.itemId, this.ids.length);
    this.ids.push(item.itemId);
    this.titles.push(item.title ?? '');
    this.category.push(CATEGORY_INDEX.get(item.category)!);
    this.brand.push(item.brand === undefined ? -1 : this.internBrand(item.brand));
    this.price.push(item.price ?? Number.NaN);
    const band = item.priceBand ?? (item.price === undefined ? undefined : priceBandOf(item.price));
    this.band.push(band === undefined ? -1 : BAND_INDEX.get(band)!);
    this.image.push(item.imageIndex ?? -1);
    this.available.push(item.available ? 1 : 0);
    const tags = [...new Set(item.tags.map((t) => this.internTag(t)))].sort((a, b) => a - b);
    for (const t of tags) this.tagIndices.push(t);
    this.tagIndptr.push(this.tagIndices.length);
  }

  build(): Catalogue {
    return {
      ids: this.ids.slice(),
      titles: this.titles.slice(),
      category: Uint8Array.from(this.category),
      brand: Int32Array.from(this.brand),
      brands: [...this.brandIndex.keys()],
      price: Float64Array.from(this.price),
      priceBand: Int8Array.from(this.band),
      tagIndptr: Int32Array.from(this.tagIndptr),
      tagIndices: Int32Array.from(this.tagIndices),
      tagNames: [...this.tagIndex.keys()],
      imageIndex: Int32Array.from(this.image),
      available: Uint8Array.from(this.available),
      length: this.ids.length,
    };
  }
}

function intern(map: Map<string, number>, key: string): number {
  let i = map.get(key);
  if (i === undefined) {
    i = map.size;
    map.set(key, i);
  }
  return i;
}

/**
 * Row of each item of an interaction index space in `catalogue` (-1 when the catalogue lacks
 * it), so features can be looked up by the model's item index.
 *
 * @example
 * const row = alignCatalogue(catalogue, train.itemIds);
 * const categoryOfItem = (i: number) => (row[i]! >= 0 ? catalogue.category[row[i]!] : -1);
 */
export function alignCatalogue(catalogue: Catalogue, itemIds: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  for (let r = 0; r < catalogue.length; r++) index.set(catalogue.ids[r]!, r);
  const out = new Int32Array(itemIds.length);
  for (let i = 0; i < itemIds.length; i++) out[i] = index.get(itemIds[i]!) ?? -1;
  return out;
}

/** The catalogue row `r` as a plain `CatalogueItem` (for metadata export and tests). */
export function catalogueRow(catalogue: Catalogue, r: number): CatalogueItem {
  const tags: string[] = [];
  for (let p = catalogue.tagIndptr[r]!; p < catalogue.tagIndptr[r + 1]!; p++) {
    tags.push(catalogue.tagNames[catalogue.tagIndices[p]!]!);
  }
  const item: CatalogueItem = {
    itemId: catalogue.ids[r]!,
    category: CATEGORIES[catalogue.category[r]!] as Category,
    tags,
    available: catalogue.available[r] === 1,
  };
  if (catalogue.titles[r]) item.title = catalogue.titles[r];
  if (catalogue.brand[r]! >= 0) item.brand = catalogue.brands[catalogue.brand[r]!]!;
  if (!Number.isNaN(catalogue.price[r]!)) item.price = catalogue.price[r]!;
  if (catalogue.priceBand[r]! >= 0) item.priceBand = PRICE_BANDS[catalogue.priceBand[r]!]!;
  if (catalogue.imageIndex[r]! >= 0) item.imageIndex = catalogue.imageIndex[r]!;
  return item;
}
