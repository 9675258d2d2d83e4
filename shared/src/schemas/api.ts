/** Request and response bodies of the recommend Worker's public API. */
import * as z from 'zod';
import { ItemDetails } from './catalogue.ts';
import { CategoryId } from './category.ts';
import { Id, Timestamp } from './common.ts';
import { CreativeSize, CreativeTemplate } from './creatives.ts';
import { Arm } from './holdout.ts';

export const MAX_K = 100;

const K = z.coerce.number().int('must be an integer').min(1).max(MAX_K).default(10);

/** IVF lists to scan (default: the manifest's `defaultNprobe`; values above the list count mean all). */
const Nprobe = z.coerce.number().int('must be an integer').min(1).max(65_536).optional();

/** Comma-separated ids in a query string → array. */
const IdList = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').filter((x) => x.length > 0) : []))
  .pipe(z.array(Id).max(500));

/**
 * `creatives=1|true|0|false` in a query string: opt in to a `creativeUrl` per item (the creative
 * Worker's banner for the item's category). Anything else is a 400 naming `creatives`.
 */
const CreativesFlag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/**
 * `details=1|true|0|false`: opt in to each item's `details` (title, price + currency, picture,
 * link, brand, category path) from the catalogue published with the model.
 */
const DetailsFlag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** With `creatives`: the ad slot and template the linked banners are for (default medium-rectangle, classic). */
const creativeSlot = {
  creativeSize: CreativeSize.optional(),
  creativeTemplate: CreativeTemplate.optional(),
};

/**
 * Diversity reranking (shared/src/scoring/diversity.ts), on every recommendation route:
 * `diversity` 0–1 is the MMR trade-off (0, the default, is plain relevance order; 1 the most
 * diverse list the candidate pool allows); `maxPerCategory` caps how many items of one leaf
 * category the answer holds (it may then hold fewer than k).
 */
const rerankParams = {
  diversity: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('0–1: MMR trade-off, relevance (0, default) vs unlike the items above it (1)'),
  maxPerCategory: z.coerce
    .number()
    .int('must be an integer')
    .min(1)
    .max(MAX_K)
    .optional()
    .describe('at most this many items per leaf category (the answer may then hold fewer than k)'),
};

export const RecommendationQuery = z.object({
  k: K,
  category: CategoryId.optional(),
  exclude: IdList,
  nprobe: Nprobe,
  creatives: CreativesFlag,
  details: DetailsFlag,
  ...creativeSlot,
  /** The browser session: decides the holdout arm (without one the answer is the model's). */
  sessionId: Id.optional(),
  ...rerankParams,
});
export type RecommendationQuery = z.infer<typeof RecommendationQuery>;

/** Strict: a misspelt key (`itmes`) is a 400, not a silent "no session items". */
export const SessionRecommendationRequest = z.strictObject({
  /** Items this visitor touched in the session, most recent last. */
  items: z.array(Id).max(200).default([]),
  /** A known shopper: used when `items` is empty and the user has a trained vector. */
  userId: Id.optional(),
  k: K,
  nprobe: Nprobe,
  category: CategoryId.optional(),
  exclude: z.array(Id).max(500).default([]),
  /** Also drop the session's own items from the answer (default true). */
  excludeSeen: z.boolean().default(true),
  creatives: z.boolean().default(false),
  /** Add each item's `details` (title, price, picture, link) from the model's catalogue. */
  details: z.boolean().default(false),
  ...creativeSlot,
  /** The browser session: decides the holdout arm (without one the answer is the model's). */
  sessionId: Id.optional(),
  /**
   * A stranger's context for the segment cold start (with no items and no trained user): the
   * session's landing referrer (only its host is used) and landing page category. Country and
   * device class come from the request itself.
   */
  referrer: z.string().max(2048).optional(),
  landingCategory: CategoryId.optional(),
  ...rerankParams,
});
export type SessionRecommendationRequest = z.infer<typeof SessionRecommendationRequest>;

export const SimilarQuery = z.object({
  k: K,
  category: CategoryId.optional(),
  nprobe: Nprobe,
  creatives: CreativesFlag,
  details: DetailsFlag,
  ...creativeSlot,
  ...rerankParams,
});

/** Which path produced the answer; clients and dashboards rely on these names. */
export const Strategy = z.enum([
  'user_vector',
  'session_fold_in',
  'item_similarity',
  'popular_fallback',
  'segment_vector',
]);
export type Strategy = z.infer<typeof Strategy>;

/**
 * Stable codes for why an answer is not the full-quality one: the live manifest could not be
 * re-read (`manifest_stale`) or there is none (`no_model`); a blob was corrupt, missing or
 * unreachable (`shard_*`); the request's time budget ran out before everything was loaded
 * (`deadline_exceeded`: fewer lists were searched, or the fallback answered).
 */
export const DegradedReason = z.enum([
  'manifest_stale',
  'no_model',
  'shard_corrupt',
  'shard_missing',
  'shard_unavailable',
  'deadline_exceeded',
]);
export type DegradedReason = z.infer<typeof DegradedReason>;

/**
 * Why an answer is degraded: a reason code only. Details (keys, origins, hashes) are internals
 * and go to the structured log line of the request (`X-Request-Id`), never to the client.
 */
export const Degraded = z.strictObject({ reason: DegradedReason });
export type Degraded = z.infer<typeof Degraded>;

/**
 * Why a healthy (not degraded) answer is empty: `unknown_category` when the `category` filter is
 * well formed but not a category of the live model's catalogue (a typo, or one the shop has not
 * published yet).
 */
export const Notice = z.strictObject({ reason: z.enum(['unknown_category']) });
export type Notice = z.infer<typeof Notice>;

/**
 * Why an item is in the answer, with its evidence (computed in the same pass that ranked it):
 * - `because_viewed`: a session answer; `itemId` is the session item contributing most to the
 *   score, `contribution` its additive part of it (the fold-in's exact decomposition);
 * - `similar_to`: an item-to-item answer; `itemId` is the item the neighbours are of;
 * - `popular_in_category`: a popularity list; `category` is the list's category (absent: the
 *   whole shop), `rank` the item's 1-based place in that list;
 * - `new_in_category`: the item was added to the catalogue recently (`addedAt`, within
 *   NEW_ITEM_DAYS of the request; needs a catalogue with a recency signal);
 * - `picked_for_you`: a trained user's vector — the edge holds no history for trained users
 *   (user shards carry the vector only), so there is no item to name without an extra fetch.
 */
export const Reason = z
  .discriminatedUnion('code', [
    z.strictObject({ code: z.literal('because_viewed'), itemId: Id, contribution: z.number() }),
    z.strictObject({ code: z.literal('similar_to'), itemId: Id }),
    z.strictObject({
      code: z.literal('popular_in_category'),
      category: CategoryId.optional(),
      rank: z.number().int().positive(),
    }),
    z.strictObject({
      code: z.literal('new_in_category'),
      category: CategoryId.optional(),
      addedAt: Timestamp,
    }),
    z.strictObject({ code: z.literal('picked_for_you') }),
  ])
  .describe('why the item is recommended: a reason code and its evidence');
export type Reason = z.infer<typeof Reason>;

/** How recent `addedAt` must be for `new_in_category`. */
export const NEW_ITEM_DAYS = 30;

export const RecommendedItem = z.object({
  itemId: Id,
  score: z.number(),
  category: CategoryId.optional(),
  /**
   * Only when the request opted in (`creatives`), the item has a category and the creative
   * Worker is bound: a prebuilt library banner's immutable URL, else the on-demand banner's URL
   * (seeded by the item id). Same origin as the request (the recommend Worker forwards them).
   */
  creativeUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Only when the request opted in (`details`) and the model's catalogue has the item. */
  details: ItemDetails.optional(),
  /** Why it is recommended (see `Reason`); every answer of this version sets it on every item. */
  reason: Reason.optional(),
});
export type RecommendedItem = z.infer<typeof RecommendedItem>;

export const RecommendationResponse = z.object({
  modelVersion: z.string().nullable(),
  strategy: Strategy,
  /** Present when the answer is degraded (stale model, fallback after an error). */
  degraded: Degraded.optional(),
  /** Why a healthy answer is empty (see `Notice`). */
  notice: Notice.optional(),
  items: z.array(RecommendedItem),
  /**
   * The session's holdout arm when the experiment is on and the request named a session:
   * `holdout` answers are the popularity list by design (the uplift baseline), not a degradation.
   */
  arm: Arm.optional(),
  /** With strategy `segment_vector`: the segment whose taste vector ranked the list. */
  segment: z.string().max(512).optional(),
});
export type RecommendationResponse = z.infer<typeof RecommendationResponse>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  modelVersion: z.string().nullable(),
  manifestAgeSeconds: z.number().nullable(),
  cache: z.object({ entries: z.number(), bytes: z.number(), hits: z.number(), misses: z.number() }),
  degraded: Degraded.optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
