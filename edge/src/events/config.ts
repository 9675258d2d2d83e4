/**
 * Event-ingestion settings, parsed from the Worker's vars once per isolate (edge/lib's
 * `isolateConfig`; re-parsed when a test calls the Worker with other vars). A bad var is a
 * deployment mistake: `precondition_failed`, loud, never a silent "accept nothing".
 */
import { EventIngestVars } from '#shared/schemas';
import { isolateConfig } from '../../lib/index.ts';

/**
 * @example
 * const { PUBLISHABLE_KEYS, EVENTS_MAX_BODY_BYTES } = ingestConfig(c.env);
 */
export const ingestConfig: (env: Env) => EventIngestVars = isolateConfig(EventIngestVars);
