/**
 * What the edge adds to every stored event besides `receivedAt`: the session's holdout arm (the
 * same assignment the recommend routes serve by) and the coarse request context segments are
 * learned from. A client's own values for these fields are replaced, and the referrer URL a page
 * sends is reduced to its host before anything is stored.
 */
import type { IngestEvent } from '#shared/schemas';
import { holdoutArm } from '../recommend/holdout.ts';
import { countryOf, deviceClass, referrerDomain } from '../recommend/segment-context.ts';

/** Fields the edge owns on a stored event (undefined ones are dropped by JSON.stringify). */
export type EventStamp = (event: IngestEvent) => Record<string, unknown>;

/**
 * The stamp for events of `request`: country and device from the request, arm per session.
 *
 * @example
 * const valid = validateEvents(batch.events, Date.now(), eventStamp(c.env, c.req.raw));
 */
export function eventStamp(env: Env, request: Request): EventStamp {
  const country = countryOf(request);
  const device = deviceClass(request.headers.get('user-agent'));
  return (event) => ({
    referrer: undefined,
    referrerDomain: referrerDomain(event.referrer),
    arm: holdoutArm(env, event.sessionId),
    country,
    device,
  });
}
