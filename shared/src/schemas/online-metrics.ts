/**
 * Online metrics of one pipeline run: what served lists did in the shop, read from the edge's
 * impression and behaviour events (batch/src/metrics). Stored as JSON under
 * `reports/online/<runId>.json` of the model store; `vitrine report` plots the series.
 *
 * Definitions (attribution is per session: the session id, else the user id):
 * - impression: one `impression` event (a served list at least half visible);
 * - click / cart / purchase attributed to an impression: an event of that type in the same
 *   session on an item of the impression's list, after it and within the window
 *   (`attribution`), credited to the latest such impression (same placement when the event
 *   names one), at most once per (impression, item, type);
 * - CTR = attributed clicks / impressions; cart rate = attributed add_to_cart / impressions;
 *   purchase rate = attributed purchases / impressions;
 * - session conversion = sessions with an add_to_cart (any item, attributed or not) after their
 *   first impression / sessions with an impression;
 * - coverage = distinct impressed items / catalogue items of the version;
 * - intra-list diversity = mean over impressions of the share of item pairs in different
 *   categories (items without a category are left out).
 */
import * as z from 'zod';
import { Arm } from './holdout.ts';

/** `none`: served outside the experiment (it was off, or no session was named). */
export const MetricsArm = z.union([Arm, z.literal('none')]);
export type MetricsArm = z.infer<typeof MetricsArm>;

const Rate = z.number().nonnegative();

/** Counts and rates of one (model version, placement, arm). */
export const MetricsGroup = z.object({
  modelVersion: z.string(),
  placement: z.string(),
  arm: MetricsArm,
  impressions: z.number().int().nonnegative(),
  sessions: z.number().int().nonnegative(),
  clicks: z.number().int().nonnegative(),
  carts: z.number().int().nonnegative(),
  purchases: z.number().int().nonnegative(),
  ctr: Rate,
  cartRate: Rate,
  purchaseRate: Rate,
  sessionConversion: Rate,
});
export type MetricsGroup = z.infer<typeof MetricsGroup>;

export const UpliftMetric = z.enum(['ctr', 'cart_rate', 'session_conversion']);
export type UpliftMetric = z.infer<typeof UpliftMetric>;

/** The model arm against the holdout arm on one metric (`modelVersion` `*`: every version). */
export const UpliftRow = z.object({
  modelVersion: z.string(),
  metric: UpliftMetric,
  model: Rate,
  holdout: Rate,
  sessions: z.object({ model: z.number().int(), holdout: z.number().int() }),
  /** model / holdout − 1; null when the holdout rate is 0. */
  relative: z.number().nullable(),
  /** 95 % interval of `relative` (delta method, clustered by session); null with too few sessions. */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});
export type UpliftRow = z.infer<typeof UpliftRow>;

/** One model version's quality as served: CTR, coverage, diversity, and its offline metrics. */
export const VersionMetrics = z.object({
  modelVersion: z.string(),
  /** When the version was published (its manifest's createdAt), when known. */
  createdAt: z.string().optional(),
  impressions: z.number().int().nonnegative(),
  ctr: Rate,
  distinctItems: z.number().int().nonnegative(),
  catalogueItems: z.number().int().nonnegative().optional(),
  coverage: Rate.optional(),
  diversity: Rate.optional(),
  /** The version's offline evaluation as published (e.g. { "ndcg@10": 0.41 }). */
  offline: z.record(z.string(), z.number()).optional(),
});
export type VersionMetrics = z.infer<typeof VersionMetrics>;

export const OnlineMetrics = z.object({
  format: z.literal('vitrine-online-metrics'),
  version: z.literal(1),
  runAt: z.string(),
  /** Events considered: [from, to) by event time. */
  window: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  attribution: z.object({ clickWindowMinutes: z.number(), cartWindowMinutes: z.number() }),
  totals: z.object({
    impressions: z.number().int(),
    sessions: z.number().int(),
    clicks: z.number().int(),
    carts: z.number().int(),
    purchases: z.number().int(),
    badLines: z.number().int(),
  }),
  groups: z.array(MetricsGroup),
  versions: z.array(VersionMetrics),
  uplift: z.array(UpliftRow),
});
export type OnlineMetrics = z.infer<typeof OnlineMetrics>;

export const ONLINE_METRICS_PREFIX = 'reports/online/';
