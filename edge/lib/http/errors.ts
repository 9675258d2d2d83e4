/**
 * The one mapping from errors to HTTP answers, shared by both Workers (recommend and creative):
 * an `AppError` becomes its `HTTP_STATUS` with an `ErrorBody` naming the kind (and the field, for
 * bad input); anything else is a bug: logged with its stack under the request id, and the client
 * gets a 500 of kind `internal` with that id and no internals. Every 5xx body carries the request
 * id (also in `X-Request-Id`). Unknown routes get the same body shape as every other error.
 */
import type { Context } from 'hono';
import { HTTP_STATUS, isAppError } from '#shared/errors';
import type { ErrorBody } from '#shared/schemas';
import { log } from '../observability/log.ts';
import { REQUEST_ID_HEADER, requestIdOf } from '../observability/request-id.ts';

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
  const requestId = requestIdOf(c);
  c.header(REQUEST_ID_HEADER, requestId);
  if (isAppError(error)) {
    const status = HTTP_STATUS[error.kind];
    if (status >= 500) {
      log('error', 'request_failed', {
        requestId,
        path: c.req.path,
        kind: error.kind,
        detail: error.message,
      });
    }
    const body: ErrorBody = {
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
        ...(status >= 500 ? { requestId } : {}),
      },
    };
    return c.json(body, status as 400);
  }
  log('error', 'unhandled_error', {
    requestId,
    path: c.req.path,
    error,
    stack: error instanceof Error ? error.stack : undefined,
  });
  const body: ErrorBody = { error: { kind: 'internal', message: 'internal error', requestId } };
  return c.json(body, 500);
}
