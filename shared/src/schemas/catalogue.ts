/**
 * Item catalogue rows: what a shop's normalised catalogue holds (our JSON lines, or what
 * `vitrine catalogue import` makes of a merchant feed) and the batch job reads to give items
 * their side features (category path, brand, price band, availability, tags and custom
 * attributes) and the metadata the widget shows (title, price, picture, link).
 */
import * as z from 'zod';
import { CategoryId, CategoryLabels } from './category.ts';
import { Currency, Id } from './common.ts';

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
export type CatalogueItemInput = z.input<typeof CatalogueItem>;
