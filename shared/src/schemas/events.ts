/**
 * Behaviour events: what the storefront sends to `POST /v1/events`, what the edge appends to
 * `events/dt=YYYY-MM-DD/hour=HH/*.ndjson`, and what the batch loaders read back.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** Default implicit-feedback weight of each event type (a purchase says more than a view). */
export const EVENT_WEIGHTS: Record<EventType, number> = { view: 1, click: 2, add_to_cart: 4, purchase: 8 };

export const BehaviourEvent = z
  .object({
    /** Client-generated unique id; ingestion is idempotent on it. */
    eventId: Id,
    type: EventType,
    itemId: Id,
    /** Known (logged-in) shopper; absent for anonymous visitors. */
    userId: Id.optional(),
    /** Browser session; lets anonymous events be folded in and later joined to a user. */
    sessionId: Id.optional(),
    /** When it happened on the client. */
    ts: Timestamp,
    /** Widget placement or page that produced the event, for analysis. */
    context: z.string().max(64).optional(),
  })
  .refine((e) => e.userId !== undefined || e.sessionId !== undefined, {
    message: 'an event needs a userId or a sessionId',
    path: ['userId'],
  });
export type BehaviourEvent = z.infer<typeof BehaviourEvent>;

/** Largest batch one request may carry. */
export const MAX_EVENTS_PER_BATCH = 500;

export const EventBatch = z.object({
  events: z.array(z.unknown()).min(1, 'must hold at least one event').max(MAX_EVENTS_PER_BATCH),
});
