/**
 * Behaviour events: what the storefront sends to `POST /v1/events`, what the edge appends to
 * `events/dt=YYYY-MM-DD/hour=HH/*.ndjson`, and what the batch loaders read back.
 *
 * Impressions (a widget showed these items) travel in the same batches but are not interactions:
 * training must never read "shown" as "liked". The edge files them under `impressions/…` instead,
 * so the training loaders (which list `events/`) never see them, while CTR and position analysis
 * still can.
 */
import * as z from 'zod';
import { MAX_K, Strategy } from './api.ts';
import { CategoryId } from './category.ts';
import { Id, Timestamp } from './common.ts';
import { Arm } from './holdout.ts';
import { CountryCode, DeviceClass, ReferrerDomain } from './segments.ts';

export const EVENT_TYPES = ['view', 'click', 'add_to_cart', 'purchase'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** Default implicit-feedback weight of each event type (a purchase says more than a view). */
export const EVENT_WEIGHTS: Record<EventType, number> = { view: 1, click: 2, add_to_cart: 4, purchase: 8 };

/** Who did it: at least one of the two must be present. */
const needsSubject = (e: { userId?: string | undefined; sessionId?: string | undefined }): boolean =>
  e.userId !== undefined || e.sessionId !== undefined;
const SUBJECT_ISSUE = { message: 'an event needs a userId or a sessionId', path: ['userId'] };

/** Fields every event kind shares. */
const EventEnvelope = {
  /** Client-generated unique id; ingestion is idempotent on it. */
  eventId: Id,
  /** Known (logged-in) shopper; absent for anonymous visitors. */
  userId: Id.optional(),
  /** Browser session; lets anonymous events be folded in and later joined to a user. */
  sessionId: Id.optional(),
  /** When it happened on the client. */
  ts: Timestamp,
  /** Widget placement or page that produced the event, for analysis. */
  context: z.string().max(64).optional(),
  /**
   * When the edge accepted it (server clock; set by the edge, a client's value is replaced). The
   * partition it is filed under is the hour the edge wrote it out (this instant or a few seconds
   * later), never `ts`'s, so a wrong client clock cannot hide an event from the next run.
   */
  receivedAt: Timestamp.optional(),
  /**
   * Where the session came from, as the page saw it (`document.referrer` of its landing page):
   * the edge keeps only its host, as `referrerDomain`, and never stores this URL.
   */
  referrer: z.string().max(2048).optional(),
  /** Category of the session's landing page (a segment dimension). */
  landingCategory: CategoryId.optional(),
  /**
   * Set by the edge (a client's values are replaced), coarse on purpose: the holdout arm of the
   * session (shared/src/holdout), the country (`request.cf.country`), the device class derived
   * from the User-Agent, and the host of `referrer` (`direct` when the session had none).
   */
  arm: Arm.optional(),
  country: CountryCode.optional(),
  device: DeviceClass.optional(),
  referrerDomain: ReferrerDomain.optional(),
};

export const BehaviourEvent = z
  .object({ ...EventEnvelope, type: EventType, itemId: Id })
  .refine(needsSubject, SUBJECT_ISSUE);
export type BehaviourEvent = z.infer<typeof BehaviourEvent>;

export const IMPRESSION_TYPE = 'impression';

/** A widget showed `itemIds` (in this order) to a shopper. */
export const ImpressionEvent = z
  .object({
    ...EventEnvelope,
    type: z.literal(IMPRESSION_TYPE),
    itemIds: z.array(Id).min(1, 'must hold at least one item id').max(MAX_K),
    /** Model version and strategy of the answer that was shown. */
    modelVersion: z.string().max(64).optional(),
    strategy: Strategy.optional(),
  })
  .refine(needsSubject, SUBJECT_ISSUE);
export type ImpressionEvent = z.infer<typeof ImpressionEvent>;

/** Anything `POST /v1/events` accepts (validated per event by its `type`). */
export const IngestEvent = z.union([BehaviourEvent, ImpressionEvent]);
export type IngestEvent = z.infer<typeof IngestEvent>;

/** Key prefixes of the two streams in the bucket. */
export const EVENTS_PREFIX = 'events/';
export const IMPRESSIONS_PREFIX = 'impressions/';

/** Largest batch one request may carry. */
export const MAX_EVENTS_PER_BATCH = 500;

/** Longest user token accepted in a body (a signed token is ~100 characters). */
const MAX_USER_TOKEN = 2048;

/**
 * The shopper's user token in the body, for callers that cannot set the header
 * (`navigator.sendBeacon`): a body stays out of request URLs, which platform and proxy logs keep.
 */
const BodyUserToken = z.string().min(1).max(MAX_USER_TOKEN).optional();

/** Request body of `POST /v1/events`; events are validated one by one (see `EventIngestResponse`). */
export const EventBatch = z.object({
  events: z.array(z.unknown()).min(1, 'must hold at least one event').max(MAX_EVENTS_PER_BATCH),
  userToken: BodyUserToken,
});
export type EventBatch = z.infer<typeof EventBatch>;

/** What a valid batch holds, for documentation (the route parses `EventBatch`, then each event). */
export const EventIngestRequest = z.object({
  events: z.array(IngestEvent).min(1).max(MAX_EVENTS_PER_BATCH),
  /** Vouches for the events' `userId` like the `X-Vitrine-User-Token` header (which wins when both are sent). */
  userToken: BodyUserToken,
});

/** Why one event of a batch was not stored. */
export const RejectedEvent = z.object({
  /** Position in the request's `events` array. */
  index: z.number().int().nonnegative(),
  /** Present when the event had a readable eventId. */
  eventId: z.string().optional(),
  /** Dotted path of the offending value inside the event (`itemId`, `itemIds.3`). */
  field: z.string().optional(),
  /** `field: message`, for humans. */
  reason: z.string(),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

/**
 * Answer of `POST /v1/events`. `accepted` events are durably stored (they reach the bucket);
 * `duplicates` had an eventId seen before (a retry) and are stored once; `rejected` were invalid.
 */
export const EventIngestResponse = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(RejectedEvent),
});
export type EventIngestResponse = z.infer<typeof EventIngestResponse>;
