/**
 * What a long-lived, per-isolate component may ask of the request that is currently using it:
 * to keep background work (a cache fill, a manifest refresh) alive after the response is sent.
 * An `ExecutionContext` satisfies it; so does the `scheduled` handler's controller context.
 */
import type { Context } from 'hono';

export interface RequestScope {
  waitUntil(promise: Promise<unknown>): void;
}

/** A scope for callers that have no request (tests, benchmarks): awaits nothing, drops errors. */
export const DETACHED_SCOPE: RequestScope = {
  waitUntil(promise) {
    promise.catch(() => undefined);
  },
};

/**
 * `c.executionCtx`, or `DETACHED_SCOPE` when the app is called without one (`app.request` in
 * tests and benchmarks), where Hono's getter throws.
 *
 * @example
 * const state = await manifests.current(scopeOf(c));
 */
export function scopeOf(c: Context): RequestScope {
  try {
    return c.executionCtx;
  } catch {
    return DETACHED_SCOPE;
  }
}
