/**
 * The creative Worker: routes, the one error mapping, and the cron trigger that re-reads the
 * manifest pointer (and, through the provider's update hook, builds a new generator's session)
 * off the request path. Deployed with infra/creative.wrangler.toml; the recommend Worker reaches
 * it through its `CREATIVES` service binding.
 */

import { Hono } from 'hono';
import { errorJson, notFoundJson, refreshOnSchedule } from '../lib/index.ts';
import { creativeServicesFor } from './context/index.ts';
import { blobRoutes, type CreativeAppEnv, creativeRoutes, healthRoutes, itemRoutes } from './routes/index.ts';

const app = new Hono<CreativeAppEnv>()
  // Before creativeRoutes, whose `/v1/creatives/:category` would otherwise not match `items/x`
  // anyway (two segments), but the order keeps the intent visible.
  .route('/', itemRoutes)
  .route('/', creativeRoutes)
  .route('/', blobRoutes)
  .route('/', healthRoutes);

app.notFound(notFoundJson);
app.onError(errorJson);

export { app };

export default {
  fetch: app.fetch,
  /** Cron trigger: re-read manifests/current.json now; a new generator starts loading. */
  scheduled: (controller, env, ctx) =>
    refreshOnSchedule(creativeServicesFor(env).manifests, controller.cron, ctx),
} satisfies ExportedHandler<Env>;
