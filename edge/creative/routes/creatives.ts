/**
 * `GET /v1/creatives/:category?seed=&size=&template=`: an on-demand banner PNG; and
 * `GET /v1/creatives/library/:category`: the prebuilt creatives of the live model, as URLs of
 * immutable blobs. Inputs are validated with the shared schemas (400 naming the field).
 */

import { Hono } from 'hono';
import * as z from 'zod';
import { libraryCreativeUrl } from '#shared/creative-links';
import { CategoryId } from '#shared/schemas/category';
import { type CreativeLibraryResponse, CreativeQuery } from '#shared/schemas/creatives';
import { parseInput, ServerTiming, scopeOf } from '../../lib/index.ts';
import { creativeServicesFor } from '../context/index.ts';
import { type CreativePhase, entriesOf, produceCreative, uncoveredHeader } from '../creatives/index.ts';
import type { CreativeAppEnv } from './app-env.ts';
import { pngResponse } from './png.ts';

const CategoryParam = z.object({ category: CategoryId });

/** max-age of the library listing: it changes when a new model is published. */
const LISTING_MAX_AGE_SECONDS = 60;

export const creativeRoutes = new Hono<CreativeAppEnv>()
  .get('/v1/creatives/library/:category', async (c) => {
    const { category } = parseInput(CategoryParam, c.req.param(), 'category');
    const { manifests } = creativeServicesFor(c.env);
    const manifest = (await manifests.current(scopeOf(c))).loaded?.manifest;
    const origin = new URL(c.req.url).origin;
    const body: CreativeLibraryResponse = {
      modelVersion: manifest?.version ?? null,
      category,
      creatives: entriesOf(manifest?.creatives, category).map((e) => ({
        seed: e.seed,
        size: e.size,
        template: e.template,
        width: e.width,
        height: e.height,
        sha256: e.blob.sha256,
        bytes: e.blob.size,
        url: libraryCreativeUrl(origin, e.blob.sha256),
      })),
    };
    return c.json(body, 200, { 'cache-control': `public, max-age=${LISTING_MAX_AGE_SECONDS}` });
  })
  .get('/v1/creatives/:category', async (c) => {
    const { category } = parseInput(CategoryParam, c.req.param(), 'category');
    const query = parseInput(CreativeQuery, c.req.query(), 'query');
    const timing = new ServerTiming<CreativePhase>();
    const creative = await produceCreative(
      creativeServicesFor(c.env),
      { category, ...query },
      scopeOf(c),
      timing,
    );
    const headers: Record<string, string> = {
      'cache-control': `public, max-age=${creative.maxAgeSeconds}`,
      'x-vitrine-creative': creative.source,
      'x-vitrine-cache': creative.cache,
      'server-timing': timing.header(),
      ...uncoveredHeader(creative.uncovered),
    };
    if (creative.modelVersion !== null) headers['x-vitrine-model-version'] = creative.modelVersion;
    if (creative.fallbackReason !== undefined) headers['x-vitrine-fallback'] = creative.fallbackReason;
    return pngResponse(c.req.raw, creative.bytes, creative.etag, headers, creative.contentType);
  });
