/**
 * One item's creative: its card (title, price in its currency, brand) + the brand kit (CTA,
 * colours, logo, language) + a picture — the product's own when it has one (or when asked),
 * else a generator variant of its category (or when asked), else none — rendered at the slot
 * size and template asked for, and kept in the colo cache under the model version, kit and
 * request. A picture that cannot be fetched or decoded degrades to the next choice, never to an
 * error.
 */
import { itemCopy, type PictureSource, renderBanner } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import type { BrandKit, CreativeItem, ItemCreativeQuery, Manifest } from '#shared/schemas';
import { log, type RequestScope } from '../../lib/index.ts';
import type { CreativeServices } from '../context/index.ts';
import { matchImage, putImage } from '../creatives/colo-cache.ts';
import type { CreativeTiming } from '../creatives/timing.ts';
import { reportUncovered } from '../creatives/uncovered.ts';
import { bannerEngine } from '../render/index.ts';
import { fetchPhoto } from './photo.ts';

export type ItemCreativeRequest = ItemCreativeQuery & {
  itemId: string;
  /**
   * The origin the request was made on. A card's relative `imageUrl` (`/images/1.png`) is
   * resolved against it — a picture served next to the API, as the demo store does — and still
   * has to pass PICTURE_HOSTS.
   */
  origin: string;
};

export interface ItemCreative {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
  /** Which picture the banner shows (unknown only for entries cached before it was stored). */
  picture?: 'product' | 'generated' | 'none';
  /** Code points of the copy no font has (`U+4E2D U+6587`; shared/src/creatives/coverage.ts). */
  uncovered?: string;
  modelVersion: string;
  cache: 'hit' | 'miss' | 'off';
}

const KEY_BASE = 'https://vitrine-creative.internal/v1/creatives/items/';

/** The generator class for `category`: itself or its nearest ancestor the generator draws. */
function generatorClass(classes: readonly string[], category: string): string | undefined {
  const levels = category.split('/');
  for (let n = levels.length; n > 0; n--) {
    const id = levels.slice(0, n).join('/');
    if (classes.includes(id)) return id;
  }
  return undefined;
}

/** A cached entry's picture header, if it is one of ours. */
const pictureOf = (v: string | undefined): ItemCreative['picture'] =>
  v === 'product' || v === 'generated' || v === 'none' ? v : undefined;

type Picked = { source: PictureSource | undefined; picture: NonNullable<ItemCreative['picture']> };

async function pickPicture(
  services: CreativeServices,
  manifest: Manifest,
  item: CreativeItem,
  request: ItemCreativeRequest,
  scope: RequestScope,
  timing: CreativeTiming,
): Promise<Picked> {
  if (request.picture !== 'generated' && item.imageUrl !== undefined) {
    const url = new URL(item.imageUrl, request.origin).href;
    try {
      const bytes = await timing.measure('picture', () =>
        fetchPhoto(url, services.pictureHosts, services.colo, (p) => scope.waitUntil(p)),
      );
      return { source: { kind: 'photo', bytes }, picture: 'product' };
    } catch (error) {
      log('warn', 'item_picture_unusable', { itemId: item.itemId, detail: String(error) });
    }
  }
  const section = manifest.generator;
  const cls =
    section === undefined || item.category === undefined
      ? undefined
      : generatorClass(section.categories, item.category);
  if (request.picture !== 'product' && section !== undefined && cls !== undefined) {
    // Waited for without CREATIVE_GENERATOR_DEADLINE_MS: library creatives carry a category's copy,
    // not this item's title and price, so none can stand in, and a banner without its picture is
    // what a failing generator gets, not a slow one.
    try {
      const generator = await timing.measure('session', () => services.generators.get(section));
      const [image] = await timing.measure('generate', () =>
        generator.generate([{ category: cls, seed: request.seed }]),
      );
      if (image !== undefined)
        return { source: { kind: 'generated', image, side: generator.imageSide }, picture: 'generated' };
    } catch (error) {
      log('warn', 'generator_unusable', { itemId: item.itemId, detail: String(error) });
    }
  }
  return { source: undefined, picture: 'none' };
}

async function render(kit: BrandKit, item: CreativeItem, request: ItemCreativeRequest, picked: Picked) {
  const engine = await bannerEngine();
  const copy = itemCopy(item, kit, request.lang ?? kit.language);
  const banner = { size: request.size, template: request.template, kit, copy };
  try {
    return {
      ...(await renderBanner(engine, { ...banner, picture: picked.source }, request.format)),
      picture: picked.picture,
    };
  } catch (error) {
    // A photo resvg cannot decode (truncated, odd JPEG) must not cost the banner.
    if (picked.source?.kind !== 'photo') throw error;
    log('warn', 'item_picture_undecodable', { itemId: item.itemId, detail: String(error) });
    return {
      ...(await renderBanner(engine, { ...banner, picture: undefined }, request.format)),
      picture: 'none' as const,
    };
  }
}

/**
 * The creative of one item; `unavailable` with no model, `not_found` for an item the model
 * does not list (or a model without item cards).
 *
 * @example
 * const creative = await produceItemCreative(services, { itemId: 'sku-1', ...query }, scope, timing);
 */
export async function produceItemCreative(
  services: CreativeServices,
  request: ItemCreativeRequest,
  scope: RequestScope,
  timing: CreativeTiming,
): Promise<ItemCreative> {
  if (request.picture === 'generated') services.warmGenerator(scope);
  const manifest = (await timing.measure('manifest', () => services.manifests.current(scope))).loaded
    ?.manifest;
  if (manifest === undefined) throw new AppError('unavailable', 'no model is loaded yet; retry shortly');
  const item = await timing.measure('item', () => services.cards.get(manifest, request.itemId));
  if (item === undefined) {
    throw new AppError('not_found', `item ${request.itemId} is not in model ${manifest.version}`, {
      field: 'itemId',
    });
  }
  // Without a photo of its own the item's picture is a generator variant.
  if (item.imageUrl === undefined && request.picture !== 'product') services.warmGenerator(scope);
  const live = await timing.measure('kit', () => services.kits.of(manifest));
  const { itemId, size, template, picture, seed, lang, format } = request;
  const key = `${KEY_BASE}${manifest.version}/${live.id}/${encodeURIComponent(request.origin)}/${encodeURIComponent(itemId)}/${size}/${template}/${picture}/${seed}/${lang ?? '-'}.${format}`;
  const colo = services.config.CREATIVE_MAX_AGE_SECONDS > 0 ? services.colo : undefined;
  const base = { modelVersion: manifest.version };
  if (colo !== undefined) {
    const hit = await timing.measure('cache', () => matchImage(colo, key));
    if (hit !== undefined) return { ...base, ...hit, picture: pictureOf(hit.picture), cache: 'hit' };
  }
  const picked = await pickPicture(services, manifest, item, request, scope, timing);
  const rendered = await timing.measure('compose', () => render(live.kit, item, request, picked));
  const uncovered = reportUncovered(rendered.uncovered, { itemId });
  const image = {
    bytes: rendered.bytes,
    contentType: rendered.contentType,
    etag: `"${await sha256Hex(rendered.bytes)}"`,
    picture: rendered.picture,
    ...(uncovered === undefined ? {} : { uncovered }),
  };
  if (colo !== undefined)
    scope.waitUntil(putImage(colo, key, image, services.config.CREATIVE_MAX_AGE_SECONDS));
  return { ...base, ...image, cache: colo === undefined ? 'off' : 'miss' };
}
