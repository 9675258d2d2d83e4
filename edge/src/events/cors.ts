/**
 * CORS for storefront pages calling the API from the browser. Only origins some publishable key
 * allows get CORS headers (for `/v1/events?key=…`: the origins of that key); a preflight from any
 * other origin is a 403, so the browser blocks the call before it is made. Requests without
 * `Origin` (servers, curl) pass untouched: CORS is a browser protection, and the event route
 * checks key and origin itself.
 *
 * Hono's `cors()` answers every preflight with 204, allowed or not; we want a plain refusal.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '#shared/errors';
import { USER_TOKEN_HEADER } from '../access/index.ts';
import { allowedOrigins, KEY_HEADER, keyOf } from './auth.ts';
import { ingestConfig } from './config.ts';

const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

/**
 * Middleware for `/v1/*`.
 *
 * @example
 * app.use('/v1/*', storefrontCors());
 */
export function storefrontCors(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin === undefined) return next();
    const keys = ingestConfig(c.env).PUBLISHABLE_KEYS;
    const key = keyOf(c.req.raw);
    const keyOrigins = key !== null && Object.hasOwn(keys, key) ? keys[key] : undefined;
    const allowed = keyOrigins !== undefined ? keyOrigins.includes(origin) : allowedOrigins(keys).has(origin);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined) {
      if (!allowed) {
        throw new AppError('permission_denied', `origin ${origin} may not call this API`, {
          field: 'origin',
        });
      }
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': `Content-Type, ${KEY_HEADER}, ${USER_TOKEN_HEADER}`,
          'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
          Vary: 'Origin',
        },
      });
    }
    // Set on the pending response: Hono copies these onto whatever the route (or onError) returns.
    c.res.headers.set('Vary', 'Origin');
    if (allowed) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', 'Server-Timing');
    }
    await next();
  };
}
