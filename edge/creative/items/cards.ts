/**
 * Item cards: what a per-item banner needs about an item (title, price, currency, brand,
 * picture URL, category), published with the model as JSON `ItemCardShard` blobs bucketed by
 * fnv1a32(itemId) like the item vectors (`manifest.itemCards`). A shard is verified against its
 * digest and parsed once, then kept in a small per-isolate map (by digest, so a new model's
 * shards never mix with an old one's).
 */
import { AppError } from '#shared/errors';
import { ItemCardShard } from '#shared/schemas/catalogue';
import type { CreativeItem } from '#shared/schemas/creatives';
import type { Manifest } from '#shared/schemas/manifest';
import { bucketOf } from '#shared/sharding';
import { type BlobOrigin, readVerified } from '../../lib/index.ts';

/** Shards kept per isolate (each a few hundred KB of JSON at most). */
const MAX_SHARDS = 32;
/** Largest shard read. */
const MAX_SHARD_BYTES = 4 << 20;

export class ItemCards {
  private readonly shards = new Map<string, Promise<Map<string, CreativeItem>>>();

  constructor(private readonly origin: BlobOrigin) {}

  /**
   * The card of `itemId` in `manifest`, or undefined when the model does not list it. Rejects
   * with `not_found` when the model publishes no cards, `corrupt`/`unavailable` when its shard
   * cannot be read.
   *
   * @example
   * const item = await cards.get(manifest, 'sku-42');
   */
  async get(manifest: Manifest, itemId: string): Promise<CreativeItem | undefined> {
    const section = manifest.itemCards;
    if (section === undefined) {
      throw new AppError('not_found', `model ${manifest.version} publishes no item cards`, {
        field: 'itemId',
      });
    }
    const ref = section.shards[bucketOf(itemId, section.shardCount)];
    if (ref === undefined) throw new AppError('corrupt', `item cards of ${manifest.version} miss a shard`);
    let shard = this.shards.get(ref.sha256);
    if (shard === undefined) {
      shard = readVerified(this.origin, ref, MAX_SHARD_BYTES).then((bytes) => {
        const parsed = ItemCardShard.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
        if (!parsed.success)
          throw new AppError('corrupt', `${ref.key} is not an item card shard`, { key: ref.key });
        return new Map(parsed.data.items.map((item) => [item.itemId, item]));
      });
      this.shards.set(ref.sha256, shard);
      if (this.shards.size > MAX_SHARDS) this.shards.delete(this.shards.keys().next().value as string);
      shard.catch(() => this.shards.delete(ref.sha256)); // retry a failed read next time
    }
    return (await shard).get(itemId);
  }
}
