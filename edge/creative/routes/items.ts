/**
 * `GET /v1/creatives/items/:itemId?size=&template=&picture=&seed=&lang=&format=`: one catalogue
 * item's banner at a named slot size and template — its own title, price (in its currency, for
 * the language asked) and brand, the brand kit's CTA, colours and logo, and its own picture or a
 * generator variant. 404 for an item the live model does not list.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { Id } from '#shared/schemas/common';
import { ItemCreativeQuery } from '#shared/schemas/creatives';
import { parseInput, ServerTiming, scopeOf } from '../../lib/index.ts';
import { creativeServicesFor } from '../context/index.ts';
import { type CreativePhase, uncoveredHeader } from '../creatives/index.ts';
import { produceItemCreative } from '../items/index.ts';
import type { CreativeAppEnv } from './app-env.ts';
import { pngResponse } from './png.ts';

const ItemParam = z.object({ itemId: Id });

export const itemRoutes = new Hono<CreativeAppEnv>().get('/v1/creatives/items/:itemId', async (c) => {
  const { itemId } = parseInput(ItemParam, c.req.param(), 'itemId');
  const query = parseInput(ItemCreativeQuery, c.req.query(), 'query');
  const services = creativeServicesFor(c.env);
  const timing = new ServerTiming<CreativePhase>();
  const request = { itemId, origin: new URL(c.req.url).origin, ...query };
  const creative = await produceItemCreative(services, request, scopeOf(c), timing);
  const headers: Record<string, string> = {
    'cache-control': `public, max-age=${services.config.CREATIVE_MAX_AGE_SECONDS}`,
    'x-vitrine-cache': creative.cache,
    'x-vitrine-model-version': creative.modelVersion,
    'server-timing': timing.header(),
    ...uncoveredHeader(creative.uncovered),
  };
  if (creative.picture !== undefined) headers['x-vitrine-picture'] = creative.picture;
  return pngResponse(c.req.raw, creative.bytes, creative.etag, headers, creative.contentType);
});
