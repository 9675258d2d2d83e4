/**
 * `creativeUrl` per recommended item, for requests that opt in (`creatives=1`). The choice of
 * URL is shared/src/creative-links' (`itemCreativeUrl`): the item's category's prebuilt library
 * banner (immutable, CDN-cacheable forever) when the manifest lists one, else the on-demand banner
 * seeded by fnv1a32(itemId). URLs use the request's own origin, which forwards them to the
 * creative Worker (forward.ts). An item's banner is drawn for its nearest ancestor-or-self among
 * the generator's classes (a shop's `women/dresses/maxi` uses the `women/dresses` class). No link
 * is added when it could not work: no `CREATIVES` binding, an item without a category, or one
 * that no class of the live generator covers.
 */
import { type CreativeLinkOptions, itemCreativeUrl, libraryIndex } from '#shared/creative-links';
import { type Manifest, nearestCategory, type RecommendationResponse } from '#shared/schemas';
import { creativeWorker } from './forward.ts';

const NO_CREATIVES: never[] = [];

/**
 * `body` with a `creativeUrl` on every item that has a category. `manifest` supplies the
 * library; it is used only when it is the version that produced `body` (a flip in between
 * falls back to on-demand URLs, which are valid for any version).
 *
 * @example
 * return timedJson(c, withCreativeUrls(c.env, body, manifest, new URL(c.req.url).origin), ctx);
 */
export function withCreativeUrls(
  env: Env,
  body: RecommendationResponse,
  manifest: Manifest | undefined,
  origin: string,
  slot: CreativeLinkOptions = {},
): RecommendationResponse {
  if (creativeWorker(env) === undefined) return body;
  const sameModel = manifest !== undefined && manifest.version === body.modelVersion;
  const library = libraryIndex((sameModel ? manifest.creatives : undefined) ?? NO_CREATIVES);
  const classes = manifest?.generator?.categories;
  const items = body.items.map((item) => {
    if (item.category === undefined) return item;
    const category = classes === undefined ? item.category : nearestCategory(item.category, classes);
    if (category === undefined) return item;
    return {
      ...item,
      creativeUrl: itemCreativeUrl({ itemId: item.itemId, category }, origin, library, slot),
    };
  });
  return { ...body, items };
}
