/**
 * What the publisher puts in a manifest for creatives besides the generator and its library:
 * the brand kit (validated by its zod schema, stored as a content-addressed JSON blob → the
 * manifest's `brandKit`), so it rolls back with the version. The item cards per-item creatives
 * draw from are not written here: they are the one publication of per-item metadata, made from
 * the catalogue by the model publish (batch/src/data/catalogue-details.ts → `itemCards`).
 */
import { type BlobRef, BrandKit, zodError } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { putContentAddressed } from './blobs.ts';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/**
 * Validates a brand kit (as edited by marketers: JSON with defaults left out) and stores it.
 *
 * @example
 * const brandKit = await storeBrandKit(store, JSON.parse(await readFile('brand-kit.json', 'utf8')));
 */
export async function storeBrandKit(store: BlobStore, kit: unknown): Promise<BlobRef> {
  const parsed = BrandKit.safeParse(kit);
  if (!parsed.success) throw zodError(parsed.error, 'invalid_argument', '', { at: 'brandKit' });
  // The validated kit (defaults filled in) is what the edge reads: the blob documents itself.
  return putContentAddressed(store, json(parsed.data), 'application/json');
}
