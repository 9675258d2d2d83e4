/**
 * The recommend Worker: routes, the one error mapping, and the cron trigger that refreshes the
 * manifest pointer so quiet isolates pick up new models. Everything else lives in the folders
 * this file wires together.
 */

import { Hono } from 'hono';
import { AppError, HTTP_STATUS, isAppError } from '#shared/errors';
import type { ErrorBody } from '#shared/schemas';
import { servicesFor } from './context/index.ts';
import { creativeForwardRoutes } from './creatives/index.ts';
import { demoRoutes } from './demo/index.ts';
import { eventRoutes, storefrontCors } from './events/index.ts';
import { log } from './observability/log.ts';
import {
  type AppEnv,
  healthRoutes,
  openApiRoutes,
  recommendationRoutes,
  similarRoutes,
} from './routes/index.ts';
import { widgetRoutes } from './widget/index.ts';

const app = new Hono<AppEnv>()
  .use('/v1/*', storefrontCors())
  .route('/', eventRoutes)
  .route('/', widgetRoutes)
  .route('/', demoRoutes)
  .route('/', recommendationRoutes)
  .route('/', similarRoutes)
  .route('/', creativeForwardRoutes)
  .route('/', healthRoutes)
  .route('/', openApiRoutes);

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
  // Not an AppError: a bug. Log it with its stack; the client gets no internals.
  log('error', 'unhandled_error', {
    path: c.req.path,
    error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  const body: ErrorBody = { error: { kind: 'unavailable', message: 'internal error' } };
  return c.json(body, 500);
});

/** Durable Object classes must be exports of the main module. */
export { EventBuffer } from './events/index.ts';
export { app };

export default {
  fetch: app.fetch,
  /** Cron trigger: re-read manifests/current.json now, whatever the TTL says. */
  async scheduled(controller, env, ctx) {
    const outcome = await servicesFor(env).manifests.refresh(ctx);
    log('info', 'scheduled_refresh', { cron: controller.cron, outcome });
    if (outcome === 'failed')
      throw new AppError('unavailable', 'manifest refresh failed; serving the last good model');
  },
} satisfies ExportedHandler<Env>;
