/**
 * URLs of on-demand creatives, for whoever links to them (the recommend Worker's `creatives=1`
 * answers, a storefront template). Kept apart from shared/src/creatives so a caller that only
 * builds links does not bundle the banner renderer and the PNG encoder.
 *
 * An item's creative uses the seed fnv1a32(itemId): stable for the item (so its URL, bytes and
 * ETag stay the same for one model version and caches work), different between items of one
 * category (so a row of recommendations does not show the same picture twice).
 */

import { fnv1a32 } from '#shared/sharding';
import {
  CREATIVE_SIZES,
  CREATIVE_TEMPLATES,
  type CreativeSize,
  type CreativeTemplate,
} from '../schemas/creatives.ts';

export interface CreativeLinkOptions {
  /** Ad-slot size (default `medium-rectangle`). */
  size?: CreativeSize;
  /** Visual template (default `classic`). */
  template?: CreativeTemplate;
}

/** `origin` without a trailing slash. */
export function originBase(origin: string): string {
  return origin.endsWith('/') ? origin.slice(0, -1) : origin;
}

/**
 * `<origin>/v1/creatives/<category>?seed=<seed>&size=<size>&template=<template>`; throws a
 * RangeError for a seed that is not a u32 or an unknown size/template (programmer errors: the
 * inputs come from our own manifest and code, not from a request).
 *
 * @example
 * creativeUrl('https://shop.example', { category: 'bag', seed: 3 });
 * // 'https://shop.example/v1/creatives/bag?seed=3&size=medium-rectangle&template=classic'
 */
export function creativeUrl(
  origin: string,
  request: { category: string; seed: number } & CreativeLinkOptions,
): string {
  const { category, seed } = request;
  const size = request.size ?? 'medium-rectangle';
  const template = request.template ?? 'classic';
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new RangeError(`seed ${seed} is not a u32`);
  if (!CREATIVE_SIZES.includes(size)) throw new RangeError(`unknown creative size ${size}`);
  if (!CREATIVE_TEMPLATES.includes(template)) throw new RangeError(`unknown creative template ${template}`);
  return `${originBase(origin)}/v1/creatives/${encodeURIComponent(category)}?seed=${seed}&size=${size}&template=${template}`;
}

/**
 * `<origin>/v1/creatives/items/<itemId>?seed=&size=&template=`: the item's own banner (its title,
 * price, brand and picture, the brand kit's CTA), seeded by fnv1a32(itemId) for when its banner
 * falls back to a generator variant.
 *
 * @example
 * itemRouteUrl('https://recs.example.com', 'sku-42', { size: 'leaderboard' });
 * // 'https://recs.example.com/v1/creatives/items/sku-42?seed=<fnv1a32("sku-42")>&size=leaderboard&template=classic'
 */
export function itemRouteUrl(origin: string, itemId: string, options: CreativeLinkOptions = {}): string {
  const size = options.size ?? 'medium-rectangle';
  const template = options.template ?? 'classic';
  if (!CREATIVE_SIZES.includes(size)) throw new RangeError(`unknown creative size ${size}`);
  if (!CREATIVE_TEMPLATES.includes(template)) throw new RangeError(`unknown creative template ${template}`);
  const query = `seed=${fnv1a32(itemId)}&size=${size}&template=${template}`;
  return `${originBase(origin)}/v1/creatives/items/${encodeURIComponent(itemId)}?${query}`;
}

/**
 * The creative URL for a recommended item: its category's generator, seeded by its id.
 *
 * @example
 * creativeUrlFor('sneaker', 'sku-1842', 'https://recs.example.com', { size: 'mobile-banner' });
 * // 'https://recs.example.com/v1/creatives/sneaker?seed=<fnv1a32("sku-1842")>&size=mobile-banner&template=classic'
 */
export function creativeUrlFor(
  itemCategory: string,
  itemId: string,
  origin: string,
  options: CreativeLinkOptions = {},
): string {
  return creativeUrl(origin, { category: itemCategory, seed: fnv1a32(itemId), ...options });
}
