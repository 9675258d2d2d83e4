/**
 * `GET /v1/health`: model version, generator state and library size — the creatives it serves
 * (approved), with those awaiting review counted apart. It loads the manifest and
 * the generator if the isolate has none yet, so `status: ok` means on-demand creatives really
 * come from the generator; `degraded` says why they would come from a fallback.
 */

import { Hono } from 'hono';
import { isServedCreative } from '#shared/schemas/creative-loop';
import type { CreativeHealthResponse } from '#shared/schemas/creatives';
import { scopeOf } from '../../lib/index.ts';
import { creativeServicesFor } from '../context/index.ts';
import type { CreativeAppEnv } from './app-env.ts';

export const healthRoutes = new Hono<CreativeAppEnv>().get('/v1/health', async (c) => {
  const { manifests, generators } = creativeServicesFor(c.env);
  const state = await manifests.current(scopeOf(c));
  const manifest = state.loaded?.manifest;
  const section = manifest?.generator;
  const creatives = manifest?.creatives ?? [];
  if (section !== undefined) await generators.get(section).catch(() => undefined);
  const generator = generators.status(section);
  const degraded =
    state.degraded ??
    (generator.state === 'ready'
      ? undefined
      : {
          reason: `generator_${generator.state}`,
          ...(generator.detail ? { detail: generator.detail } : {}),
        });
  const body: CreativeHealthResponse = {
    status: degraded === undefined ? 'ok' : 'degraded',
    modelVersion: manifest?.version ?? null,
    generator: { sha256: section?.onnx.sha256 ?? null, ...generator },
    libraryCreatives: creatives.filter(isServedCreative).length,
    ...(degraded === undefined ? {} : { degraded }),
    pendingCreatives: creatives.filter((e) => e.status === 'pending').length,
  };
  return c.json(body, 200, { 'cache-control': 'no-store' });
});
