/**
 * `GET /v1/blobs/:sha256`: a prebuilt creative by digest, `Cache-Control: immutable` (the bytes
 * behind a digest never change). Only blobs the live manifest lists as creatives are served:
 * the bucket also holds user vectors and models, which must not become public by guessing a
 * digest. Bytes are verified against the digest before they leave, and kept in the colo cache.
 */

import { Hono } from 'hono';
import * as z from 'zod';
import { AppError } from '#shared/errors';
import { Sha256Hex } from '#shared/schemas/common';
import { isServedCreative } from '#shared/schemas/creative-loop';
import { parseInput, readVerified, scopeOf } from '../../lib/index.ts';
import { creativeServicesFor } from '../context/index.ts';
import { matchImage, putImage } from '../creatives/index.ts';
import type { CreativeAppEnv } from './app-env.ts';
import { pngResponse } from './png.ts';

const ONE_YEAR_SECONDS = 31_536_000;
const IMMUTABLE = `public, max-age=${ONE_YEAR_SECONDS}, immutable`;
const BlobParam = z.object({ sha256: Sha256Hex });
const KEY_BASE = 'https://vitrine-creative.internal/v1/blobs/';

export const blobRoutes = new Hono<CreativeAppEnv>().get('/v1/blobs/:sha256', async (c) => {
  const { sha256 } = parseInput(BlobParam, c.req.param(), 'sha256');
  const services = creativeServicesFor(c.env);
  const scope = scopeOf(c);
  const state = await services.manifests.current(scope);
  const manifest = state.loaded?.manifest;
  if (manifest === undefined) throw new AppError('unavailable', 'no model is loaded yet; retry shortly');
  // Approved library creatives only (a pending or rejected banner is not served, even by digest).
  const entry = manifest.creatives?.find((e) => e.blob.sha256 === sha256 && isServedCreative(e));
  if (entry === undefined) {
    throw new AppError('not_found', `${sha256} is not a creative of model ${manifest.version}`, {
      field: 'sha256',
    });
  }
  const etag = `"${sha256}"`;
  const colo = services.colo;
  const cached = colo === undefined ? undefined : await matchImage(colo, KEY_BASE + sha256);
  if (cached !== undefined) return pngResponse(c.req.raw, cached.bytes, etag, { 'cache-control': IMMUTABLE });
  const bytes = await readVerified(services.store, entry.blob);
  if (colo !== undefined)
    scope.waitUntil(
      putImage(colo, KEY_BASE + sha256, { bytes, etag, contentType: 'image/png' }, ONE_YEAR_SECONDS),
    );
  return pngResponse(c.req.raw, bytes, etag, { 'cache-control': IMMUTABLE });
});
