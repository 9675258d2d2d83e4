/**
 * Event-ingestion settings, parsed from the Worker's vars once per isolate (per distinct set of
 * values, so a test calling the Worker with other vars gets its own). A bad var is a deployment
 * mistake: `precondition_failed`, loud, never a silent "accept nothing".
 */
import { EventIngestVars } from '#shared/schemas';
import { parseWorkerVars } from '../context/vars.ts';

const byVars = new Map<string, EventIngestVars>();

/**
 * @example
 * const { PUBLISHABLE_KEYS, EVENTS_MAX_BODY_BYTES } = ingestConfig(c.env);
 */
export function ingestConfig(env: Env): EventIngestVars {
  const vars = {
    PUBLISHABLE_KEYS: env.PUBLISHABLE_KEYS,
    EVENTS_MAX_BODY_BYTES: env.EVENTS_MAX_BODY_BYTES,
    EVENTS_FLUSH_SECONDS: env.EVENTS_FLUSH_SECONDS,
    EVENTS_FLUSH_MAX_EVENTS: env.EVENTS_FLUSH_MAX_EVENTS,
    EVENTS_BUFFER_SHARDS: env.EVENTS_BUFFER_SHARDS,
    EVENTS_DEDUPE_HOURS: env.EVENTS_DEDUPE_HOURS,
  };
  const key = JSON.stringify(vars);
  const known = byVars.get(key);
  if (known !== undefined) return known;
  const config = parseWorkerVars(EventIngestVars, vars);
  byVars.set(key, config);
  return config;
}
