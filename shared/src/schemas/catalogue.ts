/**
 * Item catalogue rows: what a shop's normalised catalogue holds (our JSON lines, or what
 * `vitrine catalogue import` makes of a merchant feed) and the batch job reads to give items
 * their side features (category path, brand, price band, availability, tags and custom
 * attributes) and the metadata the widget shows (title, price, picture, link).
 */
import * as z from 'zod';
import { CategoryId, CategoryLabels, MAX_CATEGORY_LABEL } from './category.ts';
import { Currency, Id, Timestamp } from './common.ts';

/**
 * Price levels within one shop: the quintiles of its own prices (per currency), so `budget` is
 * the cheapest fifth of *this* catalogue whatever it sells.
 */
export const PRICE_BANDS = ['budget', 'value', 'mid', 'premium', 'luxury'] as const;
export const PriceBand = z.enum(PRICE_BANDS);
export type PriceBand = z.infer<typeof PriceBand>;

/**
 * The four inner quintile edges of `prices` (NaN entries ignored; empty → []).
 *
 * @example
 * priceBandEdges([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // [3, 5, 7, 9]
 */
export function priceBandEdges(prices: ArrayLike<number>): number[] {
  const sorted = Array.from(prices)
    .filter((p) => !Number.isNaN(p))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return [1, 2, 3, 4].map((q) => sorted[Math.floor((q * sorted.length) / PRICE_BANDS.length)] as number);
}

/**
 * Index into PRICE_BANDS of `price` given its currency's `edges` (an edge belongs to the band
 * above it).
 *
 * @example
 * priceBandIndex(6, [3, 5, 7, 9]); // 2 ('mid')
 */
export function priceBandIndex(price: number, edges: readonly number[]): number {
  let band = 0;
  while (band < edges.length && price >= (edges[band] as number)) band++;
  return band;
}

/** A custom attribute value: text (`material: linen`) or a number (`screen_inches: 6.1`). */
export const AttributeValue = z.union([z.string().min(1).max(200), z.number().finite()]);
export type AttributeValue = z.infer<typeof AttributeValue>;

const AttributeName = z
  .string()
  .regex(/^[\p{L}\p{N}_.:-]{1,64}$/u, 'must be 1–64 letters, digits or _ . : -');

export const CatalogueItem = z
  .object({
    itemId: Id,
    title: z.string().max(300).optional(),
    /** Category path, root first: `["Women", "Dresses", "Maxi"]` or `"Women > Dresses > Maxi"`. */
    category: CategoryLabels.optional(),
    /** Overrides the id derived from `category`'s labels (same depth), to keep ids stable across renames. */
    categoryId: CategoryId.optional(),
    brand: z.string().min(1).max(100).optional(),
    price: z.number().finite().nonnegative().optional(),
    /** Currency of `price`; required with it. */
    currency: Currency.optional(),
    /** Absolute URL (or one relative to the storefront) of the product picture. */
    imageUrl: z.string().min(1).max(2048).optional(),
    /** Product page. */
    url: z.string().min(1).max(2048).optional(),
    /** Free-form labels ("linen", "summer"); order does not matter. */
    tags: z.array(z.string().min(1).max(64)).max(64).default([]),
    /** Custom attributes, used as features (`material=linen`; numbers by the shop's quintiles). */
    attributes: z
      .record(AttributeName, AttributeValue)
      .refine((a) => Object.keys(a).length <= 64, 'must have at most 64 attributes')
      .default({}),
    available: z.boolean().default(true),
    /**
     * When the item entered the catalogue (ISO 8601 with an offset): what makes the
     * `new_in_category` reason fire for items added within NEW_ITEM_DAYS. Absent: unknown.
     */
    addedAt: Timestamp.optional(),
  })
  .superRefine((item, ctx) => {
    if (item.price !== undefined && item.currency === undefined) {
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'is required with a price' });
    }
    if (
      item.categoryId !== undefined &&
      item.categoryId.split('/').length !== (item.category?.length ?? -1)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['categoryId'],
        message: 'must have as many levels as category',
      });
    }
  });
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/**
 * A picture or page link: an http(s) URL, or one relative to the storefront. Any other scheme
 * (`javascript:`, `data:`) is refused, so no reader has to guard against it.
 */
export const ShopLink = z
  .string()
  .min(1)
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) || !/^[a-z][a-z\d+.-]*:/i.test(s), 'must be http(s) or relative');

/**
 * What a shopper sees of an item: the `details` of a recommended item (`details=1`) and, with
 * its id, the item's card published with the model. Compact on purpose (no description, no
 * attributes): the widget reads it instead of the shop's feed, the creative Worker draws a
 * per-item banner from it. `price` and `currency` come together.
 */
export const ItemDetails = z.object({
  title: z.string().min(1).max(300).optional(),
  price: z.number().finite().nonnegative().optional(),
  /** ISO 4217 code of `price`. */
  currency: Currency.optional(),
  brand: z.string().min(1).max(100).optional(),
  /** The product picture. */
  imageUrl: ShopLink.optional(),
  /** The product page. */
  url: ShopLink.optional(),
  /** `false` when out of stock or delisted; absent means available (keeps shards small). */
  available: z.boolean().optional(),
  /** Category id (the generator's class, or its descendant, when a banner draws a variant). */
  category: CategoryId.optional(),
  /** The category's own label as shoppers read it, e.g. `Dresses`. */
  categoryLabel: z.string().min(1).max(MAX_CATEGORY_LABEL).optional(),
});
export type ItemDetails = z.infer<typeof ItemDetails>;

/**
 * One item's card: the ONE publication of per-item metadata (the manifest's `itemCards`,
 * written by batch/src/data/catalogue-details.ts), read by the recommend Worker for `details`
 * and by the creative Worker for per-item banners.
 */
export const ItemCard = z
  .object({ itemId: Id, ...ItemDetails.shape })
  .refine((card) => (card.price === undefined) === (card.currency === undefined), {
    path: ['currency'],
    message: 'must come with a price, and a price with it',
  });
export type ItemCard = z.infer<typeof ItemCard>;

/** One JSON blob of the manifest's `itemCards` sharding: the cards of one hash bucket, sorted by id. */
export const ItemCardShard = z.object({ items: z.array(ItemCard) });
export type ItemCardShard = z.infer<typeof ItemCardShard>;
