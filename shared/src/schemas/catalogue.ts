/**
 * Item catalogue rows: what a store exports (JSON lines or CSV) and the batch job reads to give
 * items their side features (category, brand, price band, tags) and metadata (title, image).
 */
import * as z from 'zod';
import { Category, Id } from './common.ts';

/** Coarse price levels; an item's band comes from its price unless the row names one. */
export const PRICE_BANDS = ['budget', 'value', 'mid', 'premium', 'luxury'] as const;
export const PriceBand = z.enum(PRICE_BANDS);
export type PriceBand = z.infer<typeof PriceBand>;

/** Upper bounds (exclusive, in the shop's currency) of every band but the last. */
export const PRICE_BAND_EDGES = [20, 45, 100, 250] as const;

/**
 * The band a price falls in.
 *
 * @example
 * priceBandOf(30); // 'value'
 */
export function priceBandOf(price: number): PriceBand {
  let band = 0;
  while (band < PRICE_BAND_EDGES.length && price >= PRICE_BAND_EDGES[band]!) band++;
  return PRICE_BANDS[band]!;
}

export const CatalogueItem = z.object({
  itemId: Id,
  title: z.string().max(200).optional(),
  category: Category,
  brand: z.string().min(1).max(64).optional(),
  price: z.number().finite().nonnegative().optional(),
  /** Overrides the band derived from `price`. */
  priceBand: PriceBand.optional(),
  /** Free-form labels ("linen", "summer"); order does not matter. */
  tags: z.array(z.string().min(1).max(64)).max(64).default([]),
  /** Ordinal of this item's picture among the Fashion-MNIST test images of its category. */
  imageIndex: z.number().int().nonnegative().optional(),
  available: z.boolean().default(true),
});
export type CatalogueItem = z.infer<typeof CatalogueItem>;
