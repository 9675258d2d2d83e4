/**
 * The recommend Worker for local development: the production Worker (edge/src/index.ts) plus
 * the demo store's routes (`/demo`, its feed and pictures). Only `npm run demo` and the local
 * test servers run this entry (`wrangler dev edge/src/dev.ts`); `wrangler deploy` bundles
 * wrangler.toml's `main`, edge/src/index.ts, which does not import the demo, so neither the
 * demo's routes nor its code ship. The demo's publishable key is not in wrangler.toml either:
 * the demo passes it as a `--var` for its own port.
 */
import { Hono } from 'hono';
import { errorJson, notFoundJson, requestId } from '../lib/index.ts';
import { demoRoutes } from './demo/index.ts';
import worker, { app } from './index.ts';
import type { AppEnv } from './routes/index.ts';

const dev = new Hono<AppEnv>()
  .use('/demo', requestId())
  .use('/demo/*', requestId())
  .route('/', demoRoutes)
  .route('/', app);

dev.notFound(notFoundJson);
dev.onError(errorJson);

/** Durable Object classes must be exports of the main module. */
export { EventBuffer } from './index.ts';
export { dev as app };

export default {
  fetch: dev.fetch,
  scheduled: worker.scheduled,
} satisfies ExportedHandler<Env>;
