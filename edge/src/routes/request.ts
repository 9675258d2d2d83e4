/**
 * What every recommend route does around its strategy: build the per-request context
 * (isolate services, a scope with the request's `waitUntil`, deadline and id, timing) and send
 * JSON with `Server-Timing`.
 */
import type { Context } from 'hono';
import type { CreativeSize, CreativeTemplate, RecommendationResponse } from '#shared/schemas';
import { type RequestIdVariables, scopeOf } from '../../lib/index.ts';
import { servicesFor } from '../context/index.ts';
import { withCreativeUrls } from '../creatives/index.ts';
import { RecommendTiming } from '../observability/timing.ts';
import type { RecommendContext } from '../recommend/index.ts';

export type AppEnv = { Bindings: Env; Variables: RequestIdVariables };

/**
 * The context a strategy runs with, on the clock of `REQUEST_DEADLINE_MS`. Starts loading the
 * model (on a cold isolate: pointer, manifest, centroids) at once: it is the same for every
 * caller, so it need not wait for the route's token check, which a cold isolate pays for with a
 * first HMAC key import.
 */
export function recommendContext(c: Context<AppEnv>, route: string): RecommendContext {
  const services = servicesFor(c.env);
  const scope = scopeOf(c, services.config.REQUEST_DEADLINE_MS);
  // Never rejects (a failed load is the state the strategy reads); the refresh keeps itself alive.
  void services.manifests.current(scope);
  return { services, scope, timing: new RecommendTiming(), route };
}

/** JSON response with the request's `Server-Timing` header; the model's deferred warm-up starts. */
export function timedJson(c: Context<AppEnv>, body: unknown, ctx: RecommendContext): Response {
  ctx.services.afterAnswer(ctx.scope);
  return c.json(body, 200, { 'Server-Timing': ctx.timing.header(), 'Cache-Control': 'private, no-store' });
}

/**
 * `body`, with a `creativeUrl` per item when the request opted in (`creatives`), for the slot it
 * names (`creativeSize`, `creativeTemplate`); the manifest
 * comes from the isolate's provider (already loaded by the strategy: no extra read).
 */
export async function linkCreatives(
  c: Context<AppEnv>,
  ctx: RecommendContext,
  body: RecommendationResponse,
  request: { creatives: boolean; creativeSize?: CreativeSize; creativeTemplate?: CreativeTemplate },
): Promise<RecommendationResponse> {
  if (!request.creatives) return body;
  const manifest = (await ctx.services.manifests.current(ctx.scope)).loaded?.manifest;
  return withCreativeUrls(c.env, body, manifest, new URL(c.req.url).origin, {
    size: request.creativeSize,
    template: request.creativeTemplate,
  });
}
