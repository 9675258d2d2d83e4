/**
 * `creativeUrl` per recommended item, for requests that opt in (`creatives=1`). When the live
 * model publishes item cards (`manifest.itemCards`), every item from the catalogue links to its
 * own banner, `/v1/creatives/items/<itemId>` (its title, price, brand and picture with the brand
 * kit's CTA and colours; shared/src/creative-links' `itemRouteUrl`). A model without item cards
 * keeps the category banner: its category's prebuilt library banner (immutable,
 * CDN-cacheable forever) when the manifest lists one, else the on-demand banner seeded by
 * fnv1a32(itemId), drawn for the nearest ancestor-or-self among the generator's classes. URLs
 * use the request's own origin, which forwards them to the creative Worker (forward.ts). No link
 * is added when it could not work: no `CREATIVES` binding, an item without a category (not in
 * the catalogue, so without a card), or — for category banners — one no generator class covers.
 */
import {
  type CreativeLinkOptions,
  itemCreativeUrl,
  itemRouteUrl,
  libraryIndex,
} from '#shared/creative-links';
import { type Manifest, nearestCategory, type RecommendationResponse } from '#shared/schemas';
import { creativeWorker } from './forward.ts';

const NO_CREATIVES: never[] = [];

/**
 * `body` with a `creativeUrl` on every item that has a category. `manifest` supplies the item
 * cards and the library; it is used only when it is the version that produced `body` (a flip in
 * between falls back to on-demand category URLs, which are valid for any version).
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
  const live = manifest !== undefined && manifest.version === body.modelVersion ? manifest : undefined;
  if (live?.itemCards !== undefined) {
    const items = body.items.map((item) =>
      item.category === undefined ? item : { ...item, creativeUrl: itemRouteUrl(origin, item.itemId, slot) },
    );
    return { ...body, items };
  }
  const library = libraryIndex(live?.creatives ?? NO_CREATIVES);
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
