/**
 * What the `<vitrine-recs>` widget shows on a card besides the id: the shop's product feed. The
 * model knows items only by id and category, so titles, prices and pictures come from the shop
 * (the widget's `catalog` attribute names a feed in this format). The demo store publishes one
 * built from the synthetic catalogue, with Fashion-MNIST pictures, under `demo/` in the bucket.
 */
import * as z from 'zod';
import { CategoryId } from './category.ts';
import { Id } from './common.ts';

export const ProductCard = z.object({
  itemId: Id,
  title: z.string().max(200),
  price: z.number().finite().nonnegative().optional(),
  /** ISO 4217 code for formatting `price` (default EUR). */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /** Absolute or page-relative URL of the product picture. */
  image: z.string().max(2048).optional(),
  /** Product page; the widget's `item-href` template is used when absent. */
  url: z.string().max(2048).optional(),
  category: CategoryId.optional(),
  brand: z.string().max(64).optional(),
});
export type ProductCard = z.infer<typeof ProductCard>;

export const ProductFeed = z.object({ items: z.array(ProductCard) });
export type ProductFeed = z.infer<typeof ProductFeed>;

/** Demo store layout in the bucket: the feed, and every item's 28×28 grey picture back to back. */
export const DEMO_CATALOGUE_KEY = 'demo/catalogue.json';
export const DEMO_IMAGES_KEY = 'demo/images.u8';
export const DEMO_IMAGE_SIDE = 28;
export const DEMO_IMAGE_BYTES = DEMO_IMAGE_SIDE * DEMO_IMAGE_SIDE;
