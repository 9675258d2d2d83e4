/**
 * Who may post which events, beyond the publishable key: per-IP and per-session rate limits (so
 * one client cannot use up a shop's per-key quota), and events naming a logged-in `userId` only
 * with a user token the shop signed for that id (so a script with the public key cannot poison
 * another shopper's history). Anonymous `sessionId` events need no token.
 */
import type { RejectedEvent } from '#shared/schemas';
import { tokenUser, USER_TOKEN_HEADER } from '../access/index.ts';
import type { ValidEvent } from './validate.ts';

export const RETRY_AFTER_SECONDS = 60;

/** The client's address as Cloudflare reports it (absent locally: all such clients share one bucket). */
const clientIp = (request: Request): string => request.headers.get('CF-Connecting-IP') ?? 'unknown';

/**
 * False when this client address is over `EVENTS_IP_RATE_LIMITER`.
 *
 * @example
 * if (!(await ipWithinLimit(c.env, c.req.raw))) throw tooMany('ip', 'from this address');
 */
export async function ipWithinLimit(env: Env, request: Request): Promise<boolean> {
  return (await env.EVENTS_IP_RATE_LIMITER.limit({ key: clientIp(request) })).success;
}

export interface Screened {
  kept: ValidEvent[];
  rejected: RejectedEvent[];
  /** True when events were refused only for a rate limit (the answer is then a 429). */
  limited: boolean;
}

const refuse = (e: ValidEvent, field: string, why: string): RejectedEvent => ({
  index: e.index,
  eventId: e.eventId,
  field,
  reason: `${field}: ${why}`,
});

/**
 * Drops events whose `userId` the request's user token (header, `bodyToken`, or query) does not
 * vouch for, then events of sessions over `EVENTS_SESSION_RATE_LIMITER` (counted once per
 * session per request).
 *
 * @example
 * const { kept, rejected } = await screenEvents(c.env, c.req.raw, key, valid, batch.userToken);
 */
export async function screenEvents(
  env: Env,
  request: Request,
  key: string,
  events: readonly ValidEvent[],
  bodyToken?: string,
): Promise<Screened> {
  const needsToken = events.some((e) => e.userId !== undefined);
  const vouched = needsToken ? await tokenUser(env, request, bodyToken) : undefined;
  const rejected: RejectedEvent[] = [];
  const signed = events.filter((e) => {
    if (e.userId === undefined || e.userId === vouched) return true;
    rejected.push(
      refuse(e, 'userId', `needs a user token signed for this user (${USER_TOKEN_HEADER} or body userToken)`),
    );
    return false;
  });
  const sessions = Array.from(
    new Set(signed.flatMap((e) => (e.sessionId === undefined ? [] : [e.sessionId]))),
  );
  // Settled, not Promise.all: one failing limiter call must not reject the batch while sibling
  // calls are still in flight. A session whose limiter could not answer is let through (the
  // per-key and per-IP limits still apply), and the failure is logged.
  const outcomes = await Promise.allSettled(
    sessions.map((s) => env.EVENTS_SESSION_RATE_LIMITER.limit({ key: `${key}:${s}` })),
  );
  const over = new Set(
    sessions.filter((_, i) => {
      const outcome = outcomes[i];
      if (outcome?.status === 'fulfilled') return !outcome.value.success;
      console.log(
        JSON.stringify({
          level: 'warn',
          event: 'session_limit_unavailable',
          reason: String(outcome?.reason),
        }),
      );
      return false;
    }),
  );
  const kept = signed.filter((e) => {
    if (e.sessionId === undefined || !over.has(e.sessionId)) return true;
    rejected.push(refuse(e, 'sessionId', 'too many events for this session; retry later'));
    return false;
  });
  return { kept, rejected, limited: kept.length === 0 && over.size > 0 && signed.length === events.length };
}
