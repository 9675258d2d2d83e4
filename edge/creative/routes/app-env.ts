/** The Hono environment of the creative Worker's routes, and the request's `waitUntil` scope. */
import type { Context } from 'hono';
import type { RequestScope } from '../../src/context/scope.ts';

export type CreativeAppEnv = { Bindings: Env };

/** `c.executionCtx`, which Hono throws on when the app is called without one (tests, benches). */
export function scopeOf(c: Context<CreativeAppEnv>): RequestScope {
  try {
    return c.executionCtx;
  } catch {
    return { waitUntil: (p) => void p.catch(() => undefined) };
  }
}
