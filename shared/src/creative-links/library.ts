/**
 * Creative URLs that prefer the prebuilt library. A library banner lives at an immutable,
 * content-addressed URL (`/v1/blobs/<sha256>`, `Cache-Control: immutable`): a CDN and the
 * browser keep it forever and the creative Worker never runs the generator for it. So an item
 * whose category has library banners of the wanted size and template links to one of them,
 * chosen by fnv1a32(itemId) (stable per item, varied across a row of items); only a category
 * without such banners gets the on-demand URL (same seed rule, see url.ts), which costs a
 * generator run on each colo-cache miss and is only cacheable for the creative Worker's max-age.
 */

import { fnv1a32 } from '#shared/sharding';
import { isServedCreative } from '../schemas/creative-loop.ts';
import type { CreativeSize, CreativeTemplate } from '../schemas/creatives.ts';
import type { CreativeEntry } from '../schemas/manifest.ts';
import { type CreativeLinkOptions, creativeUrlFor, originBase } from './url.ts';

/** Library entries by `category/size/template`, each list in seed order. */
export type LibraryIndex = ReadonlyMap<string, readonly CreativeEntry[]>;

const slotKey = (category: string, size: string, template: string) => `${category}/${size}/${template}`;

/** Indexes are per manifest; the manifest's `creatives` array is their identity. */
const indexes = new WeakMap<readonly CreativeEntry[], LibraryIndex>();

/**
 * The manifest's creatives grouped for `itemCreativeUrl` (memoised per array).
 *
 * @example
 * const library = libraryIndex(manifest.creatives ?? []);
 */
export function libraryIndex(creatives: readonly CreativeEntry[]): LibraryIndex {
  const known = indexes.get(creatives);
  if (known !== undefined) return known;
  const index = new Map<string, CreativeEntry[]>();
  // Only approved banners are linked (marketers' review; a pending one is not served).
  for (const entry of creatives.filter(isServedCreative)) {
    const key = slotKey(entry.category, entry.size, entry.template);
    const list = index.get(key) ?? [];
    list.push(entry);
    index.set(key, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.seed - b.seed);
  indexes.set(creatives, index);
  return index;
}

/**
 * `<origin>/v1/blobs/<sha256>`: a prebuilt creative's immutable URL (served by the creative
 * Worker, reached through the recommend Worker's forwarding route).
 *
 * @example
 * libraryCreativeUrl('https://recs.example.com', entry.blob.sha256);
 */
export function libraryCreativeUrl(origin: string, sha256: string): string {
  return `${originBase(origin)}/v1/blobs/${sha256}`;
}

/**
 * The creative URL of a recommended item: a library banner of its category (size and template
 * as asked, default medium-rectangle/classic) when the library has one, else the on-demand URL.
 *
 * @example
 * itemCreativeUrl({ itemId: 'sku-1', category: 'bag' }, 'https://recs.example.com', libraryIndex(manifest.creatives ?? []));
 */
export function itemCreativeUrl(
  item: { itemId: string; category: string },
  origin: string,
  library: LibraryIndex,
  options: CreativeLinkOptions = {},
): string {
  const size: CreativeSize = options.size ?? 'medium-rectangle';
  const template: CreativeTemplate = options.template ?? 'classic';
  const entries = library.get(slotKey(item.category, size, template));
  const entry = entries?.[fnv1a32(item.itemId) % entries.length];
  if (entry !== undefined) return libraryCreativeUrl(origin, entry.blob.sha256);
  return creativeUrlFor(item.category, item.itemId, origin, { size, template });
}
