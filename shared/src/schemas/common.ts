/** Small schema pieces reused by several wire formats. */
import * as z from 'zod';

/** Item, user and session ids: opaque strings from the store's own systems. */
export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[\w.:@-]+$/, 'may contain only letters, digits and _ . : @ -');

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** ISO-8601 timestamp with offset, e.g. 2026-11-29T10:00:00.000Z. */
export const Timestamp = z.iso.datetime({ offset: true });

/** The 10 product categories of the catalogue (the Fashion-MNIST classes). */
export const CATEGORIES = [
  'tshirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle_boot',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;
