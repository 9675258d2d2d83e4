/**
 * What a long-lived, per-isolate component may ask of the request that is currently using it:
 * to keep background work (a cache fill, a manifest refresh) alive after the response is sent.
 * A `ExecutionContext` satisfies it; so does the `scheduled` handler's controller context.
 */
export interface RequestScope {
  waitUntil(promise: Promise<unknown>): void;
}

/** A scope for callers that have no request (tests, benchmarks): awaits nothing, drops errors. */
export const DETACHED_SCOPE: RequestScope = {
  waitUntil(promise) {
    promise.catch(() => undefined);
  },
};
