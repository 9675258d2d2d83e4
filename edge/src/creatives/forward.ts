/**
 * Creatives on the recommend Worker's own origin: `GET /v1/creatives/*` (on-demand banners and
 * the library listing) and `GET /v1/blobs/*` (prebuilt banners) are handed, request unchanged,
 * to the creative Worker through the `CREATIVES` service binding — so a storefront needs one
 * origin (one CORS allowlist, one DNS name) while onnxruntime's 14 MB WASM stays in the other
 * Worker. The creative Worker sees the public URL, so the links it returns point here too.
 *
 * A deployment without the binding, or a creative Worker that cannot be reached, answers a 503
 * with a JSON error that says so — never a crash and never a 500.
 */
import { Hono } from 'hono';
import { AppError } from '#shared/errors';

/** The binding, when this deployment has one (wrangler.toml declares it; a test env may not). */
export function creativeWorker(env: Env): Fetcher | undefined {
  const binding = (env as Partial<Env>).CREATIVES;
  return binding !== undefined && typeof binding.fetch === 'function' ? binding : undefined;
}

async function forward(env: Env, request: Request): Promise<Response> {
  const target = creativeWorker(env);
  if (target === undefined) {
    throw new AppError(
      'unavailable',
      'creatives are not served by this deployment: the CREATIVES service binding is missing',
    );
  }
  let response: Response;
  try {
    response = await target.fetch(request);
  } catch (cause) {
    throw new AppError('unavailable', `the creative Worker could not be reached: ${String(cause)}`, {
      cause,
    });
  }
  // A fetched response's headers are immutable; the CORS middleware adds its own after this.
  return new Response(response.body, response);
}

export const creativeForwardRoutes = new Hono<{ Bindings: Env }>()
  .on(['GET', 'HEAD'], '/v1/creatives/*', (c) => forward(c.env, c.req.raw))
  .on(['GET', 'HEAD'], '/v1/blobs/*', (c) => forward(c.env, c.req.raw));
