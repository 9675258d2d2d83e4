/**
 * Per-event validation of a batch: each event is checked on its own with the shared zod schema
 * of its type, so one bad event costs only itself. The good ones become NDJSON lines stamped with
 * the edge's `receivedAt` and the stream (key prefix) they belong to.
 */
import {
  BehaviourEvent,
  EVENTS_PREFIX,
  firstIssue,
  IMPRESSION_TYPE,
  IMPRESSIONS_PREFIX,
  ImpressionEvent,
  type RejectedEvent,
} from '#shared/schemas';
import type { EventStamp } from './context.ts';

/** Client clocks run ahead; further than this is a bug or a forgery, not skew. */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/** An accepted event on its way to a buffer. */
export interface ValidEvent {
  /** Position in the request's batch (for a later rejection). */
  index: number;
  eventId: string;
  /** Who it is about: a logged-in user (needs a user token) and/or an anonymous session. */
  userId: string | undefined;
  sessionId: string | undefined;
  /** Stream it is filed under: `events/` or `impressions/` (the buffer adds the partition). */
  stream: string;
  /** The NDJSON line (no newline). */
  line: string;
}

export interface ValidatedBatch {
  valid: ValidEvent[];
  rejected: RejectedEvent[];
}

function reject(index: number, raw: unknown, field: string | undefined, message: string): RejectedEvent {
  const id = typeof raw === 'object' && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined;
  return {
    index,
    ...(typeof id === 'string' ? { eventId: id } : {}),
    ...(field === undefined ? {} : { field }),
    reason: field === undefined ? message : `${field}: ${message}`,
  };
}

/**
 * Validates `events` (the request's array, entries of any shape) as received at `receivedMs`;
 * `stamp` adds the edge's own fields (arm, request context: context.ts) to each stored line.
 *
 * @example
 * const { valid, rejected } = validateEvents(batch.events, Date.now());
 */
export function validateEvents(
  events: readonly unknown[],
  receivedMs: number,
  stamp?: EventStamp,
): ValidatedBatch {
  const valid: ValidEvent[] = [];
  const rejected: RejectedEvent[] = [];
  const receivedAt = new Date(receivedMs).toISOString();
  events.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push(reject(index, raw, undefined, 'must be an object'));
      return;
    }
    const impression = (raw as { type?: unknown }).type === IMPRESSION_TYPE;
    const parsed = impression ? ImpressionEvent.safeParse(raw) : BehaviourEvent.safeParse(raw);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error);
      rejected.push(reject(index, raw, field === '' ? undefined : field, message));
      return;
    }
    const event = parsed.data;
    if (Date.parse(event.ts) > receivedMs + MAX_CLOCK_AHEAD_MS) {
      rejected.push(reject(index, raw, 'ts', `is more than 24 h ahead of the server clock (${receivedAt})`));
      return;
    }
    valid.push({
      index,
      eventId: event.eventId,
      userId: event.userId,
      sessionId: event.sessionId,
      stream: impression ? IMPRESSIONS_PREFIX : EVENTS_PREFIX,
      line: JSON.stringify({ ...event, ...stamp?.(event), receivedAt }),
    });
  });
  return { valid, rejected };
}
