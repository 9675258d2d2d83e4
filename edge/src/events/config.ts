/**
 * Event-ingestion settings, parsed from the Worker's vars once per isolate (edge/lib's
 * `perIsolate`: per distinct set of values, so a test calling the Worker with other vars gets its
 * own). A bad var is a deployment mistake: `precondition_failed`, loud, never a silent "accept
 * nothing".
 */
import { EventIngestVars } from '#shared/schemas';
import { perIsolate } from '../../lib/index.ts';

/**
 * @example
 * const { PUBLISHABLE_KEYS, EVENTS_MAX_BODY_BYTES } = ingestConfig(c.env);
 */
export const ingestConfig: (env: Env) => EventIngestVars = perIsolate(
  EventIngestVars,
  (env: Env) => ({
    PUBLISHABLE_KEYS: env.PUBLISHABLE_KEYS,
    EVENTS_MAX_BODY_BYTES: env.EVENTS_MAX_BODY_BYTES,
    EVENTS_FLUSH_SECONDS: env.EVENTS_FLUSH_SECONDS,
    EVENTS_FLUSH_MAX_EVENTS: env.EVENTS_FLUSH_MAX_EVENTS,
    EVENTS_BUFFER_SHARDS: env.EVENTS_BUFFER_SHARDS,
    EVENTS_DEDUPE_HOURS: env.EVENTS_DEDUPE_HOURS,
  }),
  (config) => config,
);
