/**
 * `POST /v1/events`: key + origin → rate limit → capped body → batch shape → per-event
 * validation → durable buffers. 200 when at least one event was stored or already known (with
 * the rejected ones listed); 400 when none was valid, with the same list.
 */
import { Hono } from 'hono';
import { AppError } from '#shared/errors';
import { EventBatch, type EventIngestResponse, type RejectedEvent } from '#shared/schemas';
import { parseInput } from '../../lib/index.ts';
import { authorize } from './auth.ts';
import { readCapped } from './body.ts';
import { ingestConfig } from './config.ts';
import { eventStamp } from './context.ts';
import { ipWithinLimit, RETRY_AFTER_SECONDS, screenEvents } from './guard.ts';
import { bufferEvents } from './shards.ts';
import { validateEvents } from './validate.ts';

/** The 400 body when no event of the batch was valid: an error plus the per-event reasons. */
function nothingValid(rejected: RejectedEvent[]) {
  const first = rejected[0];
  return {
    error: {
      kind: 'invalid_argument' as const,
      message: `no valid event in the batch (first: events.${first?.index}: ${first?.reason})`,
      field: `events.${first?.index}${first?.field === undefined ? '' : `.${first.field}`}`,
    },
    accepted: 0,
    duplicates: 0,
    rejected,
  };
}

export const eventRoutes = new Hono<{ Bindings: Env }>().post('/v1/events', async (c) => {
  const config = ingestConfig(c.env);
  const key = authorize(config.PUBLISHABLE_KEYS, c.req.raw);
  const tooMany = (field: string, what: string) => {
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return new AppError('resource_exhausted', `too many events ${what}; retry later`, { field });
  };
  if (!(await c.env.EVENTS_RATE_LIMITER.limit({ key })).success) throw tooMany('key', 'for this key');
  if (!(await ipWithinLimit(c.env, c.req.raw))) throw tooMany('ip', 'from this address');
  const text = await readCapped(c.req.raw, config.EVENTS_MAX_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('invalid_argument', 'body: must be a JSON object {"events": [...]}', {
      field: 'body',
    });
  }
  const batch = parseInput(EventBatch, json, 'body');
  const validated = validateEvents(batch.events, Date.now(), eventStamp(c.env, c.req.raw));
  const screened = await screenEvents(c.env, c.req.raw, key, validated.valid, batch.userToken);
  const rejected = [...validated.rejected, ...screened.rejected].sort((a, b) => a.index - b.index);
  const valid = screened.kept;
  if (valid.length === 0 && screened.limited && validated.rejected.length === 0) {
    throw tooMany('sessionId', 'for this session');
  }
  if (valid.length === 0) return c.json(nothingValid(rejected), 400, { 'Cache-Control': 'no-store' });
  const { accepted, duplicates } = await bufferEvents(c.env.EVENT_BUFFER, valid, config.EVENTS_BUFFER_SHARDS);
  const body: EventIngestResponse = { accepted, duplicates, rejected };
  return c.json(body, 200, { 'Cache-Control': 'no-store' });
});
