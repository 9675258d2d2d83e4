/**
 * The recommend Worker: routes, the one error mapping, and the cron trigger that refreshes the
 * manifest pointer so quiet isolates pick up new models. Everything else lives in the folders
 * this file wires together.
 */

import { Hono } from 'hono';
import { errorJson, notFoundJson, refreshOnSchedule, requestId } from '../lib/index.ts';
import { servicesFor } from './context/index.ts';
import { creativeForwardRoutes } from './creatives/index.ts';
import { demoRoutes } from './demo/index.ts';
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
  .route('/', demoRoutes)
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
