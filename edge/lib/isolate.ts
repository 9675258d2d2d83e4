/**
 * Per-isolate services, the one way both Workers build theirs: a Worker's vars (the keys of its
 * zod schema, read from `env`) are parsed (a bad var is `precondition_failed`, loud), the
 * services are built once from the parsed config and the bindings, and every later request of
 * the isolate reuses them.
 *
 * A deployed isolate has one set of vars, so it holds one set of services. Tests that want
 * services of their own ask for them explicitly with `createServices(env)`: the set is bound to
 * that `env` object, and the Worker called with that object uses it. A call with an unbound env
 * whose vars differ from the isolate's (a test overriding a var) rebuilds the isolate's set, so
 * a stale set is never served for other vars.
 */
import type * as z from 'zod';
import { parseWorkerVars } from './vars.ts';

export interface IsolateServices<E extends object, T> {
  /** The services for `env`: the set bound to this object by `createServices`, else the isolate's. */
  servicesFor(env: E): T;
  /** A new set for `env`, bound to that object (what a test calls to get services of its own). */
  createServices(env: E): T;
}

/** The Worker vars `schema` declares, read from `env` (undefined where unset). */
function varsOf(schema: z.ZodObject, env: object): Record<string, unknown> {
  const source = env as Record<string, unknown>;
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, source[k]]));
}

function sameVars(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of Object.keys(a)) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The services of a Worker whose vars `schema` describes.
 *
 * @example
 * export const { servicesFor, createServices } = isolateServices(MyWorkerVars, (config, env: Env) => ({
 *   config,
 *   store: new R2Store(env.BUCKET),
 * }));
 */
export function isolateServices<S extends z.ZodObject, E extends object, T>(
  schema: S,
  build: (config: z.output<S>, env: E) => T,
): IsolateServices<E, T> {
  const bound = new WeakMap<E, T>();
  let isolate: { vars: Record<string, unknown>; services: T } | undefined;
  const createServices = (env: E): T => {
    const services = build(parseWorkerVars(schema, varsOf(schema, env)), env);
    bound.set(env, services);
    return services;
  };
  const servicesFor = (env: E): T => {
    const own = bound.get(env);
    if (own !== undefined) return own;
    const vars = varsOf(schema, env);
    if (isolate === undefined || !sameVars(isolate.vars, vars)) {
      isolate = { vars, services: build(parseWorkerVars(schema, vars), env) };
    }
    return isolate.services;
  };
  return { servicesFor, createServices };
}

/**
 * A Worker config parsed from `env` once per isolate (re-parsed when the vars differ, as when a
 * test overrides one).
 *
 * @example
 * export const ingestConfig = isolateConfig(EventIngestVars);
 */
export function isolateConfig<S extends z.ZodObject, E extends object>(schema: S): (env: E) => z.output<S> {
  return isolateServices(schema, (config: z.output<S>) => config).servicesFor;
}
