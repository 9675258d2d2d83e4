/**
 * The recommend Worker: routes, the one error mapping, and the cron trigger that refreshes the
 * manifest pointer so quiet isolates pick up new models. Everything else lives in the folders
 * this file wires together. This is what deploys (wrangler.toml's `main`); the demo store's
 * routes are added only by the local-development entry, edge/src/dev.ts.
 */

import { Hono } from 'hono';
import { errorJson, notFoundJson, refreshOnSchedule, requestId } from '../lib/index.ts';
import { servicesFor } from './context/index.ts';
import { creativeForwardRoutes } from './creatives/index.ts';
import { eventRoutes, storefrontCors } from './events/index.ts';
import {
  type AppEnv,
  adminRoutes,
  healthRoutes,
  openApiRoutes,
  recommendationRoutes,
  similarRoutes,
} from './routes/index.ts';
import { widgetRoutes } from './widget/index.ts';

const app = new Hono<AppEnv>()
  .use('*', requestId())
  .use('/v1/*', storefrontCors())
  .route('/', eventRoutes)
  .route('/', widgetRoutes)
  .route('/', recommendationRoutes)
  .route('/', similarRoutes)
  .route('/', creativeForwardRoutes)
  .route('/', adminRoutes)
  .route('/', healthRoutes)
  .route('/', openApiRoutes);

app.notFound(notFoundJson);
app.onError(errorJson);

/** Durable Object classes must be exports of the main module. */
export { EventBuffer } from './events/index.ts';
export { app };

export default {
  fetch: app.fetch,
  /** Cron trigger: re-read manifests/current.json now, whatever the TTL says. */
  scheduled: (controller, env, ctx) => refreshOnSchedule(servicesFor(env).manifests, controller.cron, ctx),
} satisfies ExportedHandler<Env>;
