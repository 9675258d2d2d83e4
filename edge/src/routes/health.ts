/**
 * `GET /v1/health`: model version, manifest age and cache statistics. It loads the manifest if
 * the isolate has none yet, so a 200 with `status: ok` means the Worker can really answer.
 */

import { Hono } from 'hono';
import type { HealthResponse } from '#shared/schemas';
import { scopeOf } from '../../lib/index.ts';
import { servicesFor } from '../context/index.ts';
import type { AppEnv } from './request.ts';

export const healthRoutes = new Hono<AppEnv>().get('/v1/health', async (c) => {
  const { manifests, store } = servicesFor(c.env);
  const state = await manifests.current(scopeOf(c));
  const manifest = state.loaded?.manifest;
  const { entries, bytes, hits, misses } = store.stats();
  const body: HealthResponse = {
    status: state.degraded === undefined ? 'ok' : 'degraded',
    modelVersion: manifest?.version ?? null,
    manifestAgeSeconds:
      manifest === undefined ? null : Math.max(0, (Date.now() - Date.parse(manifest.createdAt)) / 1000),
    cache: { entries, bytes, hits, misses },
    ...(state.degraded === undefined ? {} : { degraded: { reason: state.degraded.reason } }),
  };
  return c.json(body, 200, { 'Cache-Control': 'no-store' });
});
