/**
 * `creativeUrl` per recommended item, for requests that opt in (`creatives=1`). The choice of
 * URL is shared/src/creative-links' (`itemCreativeUrl`): the item's category's prebuilt library
 * banner (immutable, CDN-cacheable forever) when the manifest lists one, else the on-demand banner
 * seeded by fnv1a32(itemId). URLs use the request's own origin, which forwards them to the
 * creative Worker (forward.ts). No link is added when it could not work: no `CREATIVES` binding,
 * or an item without a category (nothing to draw).
 */
import { type CreativeLinkOptions, itemCreativeUrl, libraryIndex } from '#shared/creative-links';
import type { Manifest, RecommendationResponse } from '#shared/schemas';
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
  const items = body.items.map((item) =>
    item.category === undefined
      ? item
      : {
          ...item,
          creativeUrl: itemCreativeUrl(
            { itemId: item.itemId, category: item.category },
            origin,
            library,
            slot,
          ),
        },
  );
  return { ...body, items };
}
