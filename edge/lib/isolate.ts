/**
 * Per-isolate services, the one way both Workers build theirs: a Worker's vars are parsed with
 * their zod schema (a bad var is `precondition_failed`, loud), the services are built once from
 * the parsed config and the bindings, and every later request of the isolate reuses them.
 *
 * The cache is keyed by the vars' values, so a caller passing different vars (a test pointing an
 * origin at a local server) gets its own set instead of silently reusing another's.
 */
import type * as z from 'zod';
import { parseWorkerVars } from './vars.ts';

/**
 * A `servicesFor(env)` that builds once per distinct set of vars.
 *
 * @example
 * export const servicesFor = perIsolate(
 *   MyWorkerVars,
 *   (env: Env) => ({ MANIFEST_TTL_SECONDS: env.MANIFEST_TTL_SECONDS }),
 *   (config, env) => ({ config, store: new R2Store(env.BUCKET) }),
 * );
 */
export function perIsolate<S extends z.ZodType, E, T>(
  schema: S,
  varsOf: (env: E) => Record<string, unknown>,
  build: (config: z.output<S>, env: E) => T,
): (env: E) => T {
  const byVars = new Map<string, T>();
  return (env) => {
    const vars = varsOf(env);
    const key = JSON.stringify(vars);
    const existing = byVars.get(key);
    if (existing !== undefined) return existing;
    const services = build(parseWorkerVars(schema, vars), env);
    byVars.set(key, services);
    return services;
  };
}
