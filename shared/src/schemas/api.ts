/** Request and response bodies of the recommend Worker's public API. */
import { z } from 'zod';
import { Category, Id } from './common.ts';

export const MAX_K = 100;

const K = z.coerce.number().int('must be an integer').min(1).max(MAX_K).default(10);

/** Comma-separated ids in a query string → array. */
const IdList = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').filter((x) => x.length > 0) : []))
  .pipe(z.array(Id).max(500));

export const RecommendationQuery = z.object({
  k: K,
  category: Category.optional(),
  exclude: IdList,
  /** Opt in to a creative URL per item (creative Worker). */
  creatives: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
export type RecommendationQuery = z.infer<typeof RecommendationQuery>;

export const SessionRecommendationRequest = z.object({
  /** Items this visitor touched in the session, most recent last. */
  items: z.array(Id).max(200).default([]),
  k: K,
  category: Category.optional(),
  exclude: z.array(Id).max(500).default([]),
  /** Also drop the session's own items from the answer (default true). */
  excludeSeen: z.boolean().default(true),
  creatives: z.boolean().default(false),
});
export type SessionRecommendationRequest = z.infer<typeof SessionRecommendationRequest>;

export const SimilarQuery = z.object({ k: K, category: Category.optional() });

/** Which path produced the answer; clients and dashboards rely on these names. */
export const Strategy = z.enum(['user_vector', 'session_fold_in', 'item_similarity', 'popular_fallback']);
export type Strategy = z.infer<typeof Strategy>;

export const RecommendedItem = z.object({
  itemId: Id,
  score: z.number(),
  category: Category.optional(),
  creativeUrl: z.string().optional(),
});

export const RecommendationResponse = z.object({
  modelVersion: z.string().nullable(),
  strategy: Strategy,
  /** Present when the answer is degraded (stale model, fallback after an error). */
  degraded: z.object({ reason: z.string() }).optional(),
  items: z.array(RecommendedItem),
});
export type RecommendationResponse = z.infer<typeof RecommendationResponse>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  modelVersion: z.string().nullable(),
  manifestAgeSeconds: z.number().nullable(),
  cache: z.object({ entries: z.number(), bytes: z.number(), hits: z.number(), misses: z.number() }),
});
