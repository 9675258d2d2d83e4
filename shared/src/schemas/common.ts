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

/** ISO 4217 currency code, e.g. USD, EUR, JPY. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
export type Currency = z.infer<typeof Currency>;
