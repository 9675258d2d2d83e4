/**
 * A request id per request: sent back in `X-Request-Id` (and in 5xx bodies) and written into the
 * log lines of that request, so an operator can find the details (keys, origins, causes) that
 * public answers no longer carry. Generated here, never taken from the client: an id the client
 * chose could be used to forge or confuse log lines.
 */
import type { Context, MiddlewareHandler } from 'hono';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What the middleware stores on the Hono context. */
export type RequestIdVariables = { requestId: string };

/**
 * `app.use('*', requestId())`: assigns the id and sets the response header.
 *
 * @example
 * const app = new Hono<AppEnv>().use('*', requestId());
 */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}

/** The id of the request `c` (a fresh one when the middleware did not run, e.g. in a bare app). */
export function requestIdOf(c: Context): string {
  const id: unknown = c.get('requestId');
  if (typeof id === 'string') return id;
  const fresh = crypto.randomUUID();
  c.set('requestId', fresh);
  return fresh;
}
