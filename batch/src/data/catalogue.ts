/**
 * `Catalogue`: item features in columns, the form side-feature models and the index builder read.
 *
 * Why columns: at 1M items, one object per item with a tags array costs hundreds of MB and slows
 * every pass; category/brand/band/currency as small integer codes and tags as a CSR of tag codes
 * cost tens of bytes an item and feed straight into one-hot or embedding-sum features.
 * Rows are validated with the zod `CatalogueItem` schema (shared/src/schemas/catalogue.ts).
 */
import {
  type AttributeValue,
  type CatalogueItem,
  PRICE_BANDS,
  priceBandEdges,
  priceBandIndex,
} from '#shared/schemas';
import { CategoryInterner, type CategoryTable } from './catalogue-categories.ts';

export { alignCatalogue } from './catalogue-align.ts';

/** Item features, one entry per catalogue row, aligned by position. */
export interface Catalogue {
  /** Item id of each row. */
  ids: string[];
  /** Title of each row ('' when absent). */
  titles: string[];
  /** Index into `categories` of each row's category, or -1 for none. */
  category: Int32Array;
  /** Every category id (with ancestors) and its label. */
  categories: CategoryTable;
  /** Index into `brands`, or -1 for no brand. */
  brand: Int32Array;
  /** Brand names, in first-seen order. */
  brands: string[];
  /** Price, `NaN` when absent. */
  price: Float64Array;
  /** Index into `currencies` of the price's currency, or -1 without a price. */
  currency: Int16Array;
  currencies: string[];
  /** Index into `PRICE_BANDS` (quintile of the price among its currency's prices), or -1. */
  priceBand: Int8Array;
  /** Tags of row r are `tagNames[tagIndices[tagIndptr[r] .. tagIndptr[r+1])]`, sorted, unique. */
  tagIndptr: Int32Array;
  tagIndices: Int32Array;
  /** Tag names, in first-seen order. */
  tagNames: string[];
  /** Custom attributes of each row (undefined when it has none). */
  attributes: (Readonly<Record<string, AttributeValue>> | undefined)[];
  /** Picture and product page URLs ('' when absent). */
  imageUrl: string[];
  url: string[];
  /** 1 when the item can be recommended, 0 when out of stock / delisted. */
  available: Uint8Array;
  /**
   * Epoch ms each row entered the catalogue (`addedAt`), NaN where unknown; absent when no row
   * has a date (most feeds), so catalogues without one cost nothing.
   */
  addedAt?: Float64Array;
  length: number;
}

/**
 * Price band of every row: quintiles of the shop's own prices, per currency.
 *
 * @example
 * const bands = priceBands(catalogue.price, catalogue.currency);
 */
export function priceBands(price: Float64Array, currency: Int16Array): Int8Array {
  const bands = new Int8Array(price.length).fill(-1);
  const codes = new Set(currency);
  for (const code of codes) {
    if (code < 0) continue;
    const rows: number[] = [];
    for (let r = 0; r < price.length; r++) if (currency[r] === code && !Number.isNaN(price[r]!)) rows.push(r);
    const edges = priceBandEdges(rows.map((r) => price[r]!));
    for (const r of rows) bands[r] = priceBandIndex(price[r]!, edges);
  }
  return bands;
}

/**
 * Grows a `Catalogue` one validated row at a time, interning categories, brands and tags.
 *
 * @example
 * const b = new CatalogueBuilder();
 * b.add(CatalogueItem.parse({ itemId: 'sku-1', category: 'Women > Dresses', price: 39, currency: 'EUR' }));
 * const catalogue = b.build();
 */
export class CatalogueBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private category: number[] = [];
  private brand: number[] = [];
  private price: number[] = [];
  private currency: number[] = [];
  private image: string[] = [];
  private url: string[] = [];
  private attributes: (Record<string, AttributeValue> | undefined)[] = [];
  private available: number[] = [];
  private addedAt: number[] = [];
  private tagIndptr: number[] = [0];
  private tagIndices: number[] = [];
  private readonly categories = new CategoryInterner();
  private readonly brandIndex = new Map<string, number>();
  private readonly tagIndex = new Map<string, number>();
  private readonly currencyIndex = new Map<string, number>();
  private readonly idIndex = new Map<string, number>();

  get length(): number {
    return this.ids.length;
  }

  /** True when `itemId` was already added (a duplicate row). */
  has(itemId: string): boolean {
    return this.idIndex.has(itemId);
  }

  add(item: CatalogueItem): void {
    this.idIndex.set(item.itemId, this.ids.length);
    this.ids.push(item.itemId);
    this.titles.push(item.title ?? '');
    this.category.push(
      item.category === undefined ? -1 : this.categories.intern(item.category, item.categoryId),
    );
    this.brand.push(item.brand === undefined ? -1 : intern(this.brandIndex, item.brand));
    this.price.push(item.price ?? Number.NaN);
    this.currency.push(
      item.price === undefined || item.currency === undefined
        ? -1
        : intern(this.currencyIndex, item.currency),
    );
    this.image.push(item.imageUrl ?? '');
    this.url.push(item.url ?? '');
    this.attributes.push(Object.keys(item.attributes).length > 0 ? item.attributes : undefined);
    this.available.push(item.available ? 1 : 0);
    this.addedAt.push(item.addedAt === undefined ? Number.NaN : Date.parse(item.addedAt));
    const tags = [...new Set(item.tags.map((t) => intern(this.tagIndex, t)))].sort((a, b) => a - b);
    for (const t of tags) this.tagIndices.push(t);
    this.tagIndptr.push(this.tagIndices.length);
  }

  build(): Catalogue {
    const price = Float64Array.from(this.price);
    const currency = Int16Array.from(this.currency);
    return {
      ids: this.ids.slice(),
      titles: this.titles.slice(),
      category: Int32Array.from(this.category),
      categories: this.categories.table(),
      brand: Int32Array.from(this.brand),
      brands: [...this.brandIndex.keys()],
      price,
      currency,
      currencies: [...this.currencyIndex.keys()],
      priceBand: priceBands(price, currency),
      tagIndptr: Int32Array.from(this.tagIndptr),
      tagIndices: Int32Array.from(this.tagIndices),
      tagNames: [...this.tagIndex.keys()],
      attributes: this.attributes.slice(),
      imageUrl: this.image.slice(),
      url: this.url.slice(),
      available: Uint8Array.from(this.available),
      ...(this.addedAt.some((t) => !Number.isNaN(t)) ? { addedAt: Float64Array.from(this.addedAt) } : {}),
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

/** Category id of row `r`, or undefined. */
export function categoryIdAt(catalogue: Catalogue, r: number): string | undefined {
  const c = catalogue.category[r]!;
  return c < 0 ? undefined : catalogue.categories.ids[c];
}

/** Category labels (root first) of category index `c`. */
export function categoryLabels(table: CategoryTable, c: number): string[] {
  const id = table.ids[c]!;
  const out: string[] = [];
  for (let end = id.indexOf('/'); end >= 0; end = id.indexOf('/', end + 1)) {
    out.push(table.labels[table.ids.indexOf(id.slice(0, end))] ?? id.slice(0, end));
  }
  out.push(table.labels[c]!);
  return out;
}

/** The catalogue row `r` as a plain `CatalogueItem` (for the normalised catalogue and tests). */
export function catalogueRow(catalogue: Catalogue, r: number): CatalogueItem {
  const tags: string[] = [];
  for (let p = catalogue.tagIndptr[r]!; p < catalogue.tagIndptr[r + 1]!; p++) {
    tags.push(catalogue.tagNames[catalogue.tagIndices[p]!]!);
  }
  const item: CatalogueItem = {
    itemId: catalogue.ids[r]!,
    tags,
    attributes: { ...catalogue.attributes[r] },
    available: catalogue.available[r] === 1,
  };
  if (catalogue.titles[r]) item.title = catalogue.titles[r];
  const c = catalogue.category[r]!;
  if (c >= 0) {
    item.category = categoryLabels(catalogue.categories, c);
    item.categoryId = catalogue.categories.ids[c]!;
  }
  if (catalogue.brand[r]! >= 0) item.brand = catalogue.brands[catalogue.brand[r]!]!;
  if (!Number.isNaN(catalogue.price[r]!) && catalogue.currency[r]! >= 0) {
    item.price = catalogue.price[r]!;
    item.currency = catalogue.currencies[catalogue.currency[r]!]!;
  }
  if (catalogue.imageUrl[r]) item.imageUrl = catalogue.imageUrl[r];
  if (catalogue.url[r]) item.url = catalogue.url[r];
  const added = addedAtOf(catalogue, r);
  if (added !== undefined) item.addedAt = added;
  return item;
}

/** `addedAt` of row `r` as an ISO timestamp, or undefined when unknown. */
export function addedAtOf(catalogue: Catalogue, r: number): string | undefined {
  const t = catalogue.addedAt?.[r];
  return t === undefined || Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Band name of row `r`, or undefined. */
export function priceBandAt(catalogue: Catalogue, r: number): (typeof PRICE_BANDS)[number] | undefined {
  const b = catalogue.priceBand[r]!;
  return b < 0 ? undefined : PRICE_BANDS[b];
}
