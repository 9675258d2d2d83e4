/**
 * What the publisher puts in a manifest for creatives besides the generator and its library:
 * the brand kit (validated by its zod schema, stored as a content-addressed JSON blob → the
 * manifest's `brandKit`) and the item cards of per-item creatives (JSON `ItemCardShard` blobs
 * bucketed by fnv1a32(itemId) like the item vectors → the manifest's `itemCards`). The pipeline
 * calls these when it assembles a version, so both roll back with it.
 */
import { AppError } from '#shared/errors';
import { type BlobRef, BrandKit, CreativeItem, type Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import type { BlobStore } from '#shared/storage';
import { putContentAddressed } from './blobs.ts';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The first zod issue of `parsed` as `invalid_argument` naming `<root>.<path>`. */
function invalid(root: string, issue: { path: PropertyKey[]; message: string } | undefined): AppError {
  const field = [root, ...(issue?.path ?? []).map(String)].join('.');
  return new AppError('invalid_argument', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}

/**
 * Validates a brand kit (as edited by marketers: JSON with defaults left out) and stores it.
 *
 * @example
 * const brandKit = await storeBrandKit(store, JSON.parse(await readFile('brand-kit.json', 'utf8')));
 */
export async function storeBrandKit(store: BlobStore, kit: unknown): Promise<BlobRef> {
  const parsed = BrandKit.safeParse(kit);
  if (!parsed.success) throw invalid('brandKit', parsed.error.issues[0]);
  // The validated kit (defaults filled in) is what the edge reads: the blob documents itself.
  return putContentAddressed(store, json(parsed.data), 'application/json');
}

/**
 * Stores the cards of `items` in `shardCount` buckets (every bucket gets a blob, empty or not,
 * so the edge can look any id up) and returns the manifest's `itemCards` section.
 *
 * @example
 * const itemCards = await storeItemCards(store, items, manifest.items.byId.shardCount);
 */
export async function storeItemCards(
  store: BlobStore,
  items: readonly unknown[],
  shardCount: number,
): Promise<NonNullable<Manifest['itemCards']>> {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new AppError('invalid_argument', `shardCount must be a positive integer, got ${shardCount}`, {
      field: 'shardCount',
    });
  }
  const buckets: CreativeItem[][] = Array.from({ length: shardCount }, () => []);
  items.forEach((raw, row) => {
    const parsed = CreativeItem.safeParse(raw);
    if (!parsed.success) throw invalid(`items.${row}`, parsed.error.issues[0]);
    buckets[bucketOf(parsed.data.itemId, shardCount)]!.push(parsed.data);
  });
  const shards: BlobRef[] = [];
  for (const bucket of buckets) {
    bucket.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
    shards.push(await putContentAddressed(store, json({ items: bucket }), 'application/json'));
  }
  return { hash: 'fnv1a32', shardCount, shards };
}
