/**
 * The one mapping from errors to HTTP answers, shared by both Workers (recommend and creative):
 * an `AppError` becomes its `HTTP_STATUS` with an `ErrorBody` naming the kind (and the field, for
 * bad input); anything else is a bug, logged with its stack, and the client gets a bare 500
 * without internals. Unknown routes get the same body shape as every other error.
 */
import type { Context } from 'hono';
import { HTTP_STATUS, isAppError } from '#shared/errors';
import type { ErrorBody } from '#shared/schemas';
import { log } from '../observability/log.ts';

/**
 * `app.notFound(notFoundJson)`: 404 with an ErrorBody naming the method and path.
 *
 * @example
 * app.notFound(notFoundJson);
 */
export function notFoundJson(c: Context): Response {
  const body: ErrorBody = { error: { kind: 'not_found', message: `no route ${c.req.method} ${c.req.path}` } };
  return c.json(body, 404);
}

/**
 * `app.onError(errorJson)`: the HTTP answer for a thrown error (module header).
 *
 * @example
 * app.onError(errorJson);
 */
export function errorJson(error: Error, c: Context): Response {
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
}
