/**
 * The creative Worker: routes, the one error mapping, and the cron trigger that re-reads the
 * manifest pointer (and, through the provider's update hook, builds a new generator's session)
 * off the request path. Deployed with infra/creative.wrangler.toml; the recommend Worker reaches
 * it through its `CREATIVES` service binding.
 */

import { Hono } from 'hono';
import { AppError, HTTP_STATUS, isAppError } from '#shared/errors';
import type { ErrorBody } from '#shared/schemas';
import { log } from '../src/observability/log.ts';
import { creativeServicesFor } from './context/index.ts';
import { blobRoutes, type CreativeAppEnv, creativeRoutes, healthRoutes } from './routes/index.ts';

const app = new Hono<CreativeAppEnv>()
  .route('/', creativeRoutes)
  .route('/', blobRoutes)
  .route('/', healthRoutes);

app.notFound((c) => {
  const body: ErrorBody = { error: { kind: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } };
  return c.json(body, 404);
});

app.onError((error, c) => {
  if (isAppError(error)) {
    const status = HTTP_STATUS[error.kind];
    if (status >= 500)
      log('error', 'request_failed', { path: c.req.path, kind: error.kind, detail: error.message });
    const body: ErrorBody = {
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    };
    return c.json(body, status as 400);
  }
  log('error', 'unhandled_error', {
    path: c.req.path,
    error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  const body: ErrorBody = { error: { kind: 'unavailable', message: 'internal error' } };
  return c.json(body, 500);
});

export { app };

export default {
  fetch: app.fetch,
  /** Cron trigger: re-read manifests/current.json now; a new generator starts loading. */
  async scheduled(controller, env, ctx) {
    const outcome = await creativeServicesFor(env).manifests.refresh(ctx);
    log('info', 'scheduled_refresh', { cron: controller.cron, outcome });
    if (outcome === 'failed')
      throw new AppError('unavailable', 'manifest refresh failed; serving the last good model');
  },
} satisfies ExportedHandler<Env>;
