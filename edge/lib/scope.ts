/**
 * What a long-lived, per-isolate component may ask of the request that is currently using it:
 * to keep background work (a cache fill, a manifest refresh) alive after the response is sent,
 * when the request must have its answer, and which request it is (for log lines).
 * An `ExecutionContext` satisfies it; so does the `scheduled` handler's controller context.
 */
import type { Context } from 'hono';
import { requestIdOf } from './observability/request-id.ts';

export interface RequestScope {
  waitUntil(promise: Promise<unknown>): void;
  /** Epoch ms by which the request wants its answer; loads it waits for give up then. */
  readonly deadlineMs?: number;
  /** Correlates this request's log lines (the `X-Request-Id` header). */
  readonly requestId?: string;
}

/** A scope for callers that have no request (tests, benchmarks): awaits nothing, drops errors. */
export const DETACHED_SCOPE: RequestScope = {
  waitUntil(promise) {
    promise.catch(() => undefined);
  },
};

/**
 * The scope of request `c`: `c.executionCtx.waitUntil` (or `DETACHED_SCOPE`'s when the app is
 * called without one — `app.request` in tests and benchmarks — where Hono's getter throws), the
 * request's id, and a deadline `deadlineMs` from now when given.
 *
 * @example
 * const state = await manifests.current(scopeOf(c));
 */
export function scopeOf(c: Context, deadlineMs?: number): RequestScope {
  let waitUntil: RequestScope['waitUntil'];
  try {
    const ctx = c.executionCtx;
    waitUntil = (p) => ctx.waitUntil(p);
  } catch {
    waitUntil = DETACHED_SCOPE.waitUntil;
  }
  const requestId = requestIdOf(c);
  return deadlineMs === undefined
    ? { waitUntil, requestId }
    : { waitUntil, requestId, deadlineMs: Date.now() + deadlineMs };
}

/** Milliseconds left before `scope`'s deadline (Infinity without one). */
export function remainingMs(scope: RequestScope, now = Date.now()): number {
  return scope.deadlineMs === undefined ? Number.POSITIVE_INFINITY : scope.deadlineMs - now;
}
