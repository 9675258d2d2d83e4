/**
 * What `vitrine train` writes for the steps after it (index build, publish, quality gate):
 * the MF model descriptor (`model/model.json`, next to raw f32 factor files) and `metrics.json`.
 */
import * as z from 'zod';
import { PriceBand } from './catalogue.ts';
import { CategoryId } from './category.ts';
import { Timestamp } from './common.ts';
import { EvalConfig, MfConfig } from './job-config.ts';

/** Key names (relative to the model prefix) of the files a saved MF model consists of. */
export const MfModelFiles = z.object({
  /** Newline-separated external ids, row order of `userFactors`. */
  userIds: z.string(),
  itemIds: z.string(),
  /** Raw little-endian f32, rows × dim, row-major. */
  userFactors: z.string(),
  itemFactors: z.string(),
  /** Raw little-endian f32 d×d YᵀY over all items (what the edge's fold-in needs). */
  itemGramian: z.string(),
  /** Side-feature map (JSON names + raw f32 weights), when the model was trained with features. */
  featureNames: z.string().optional(),
  featureWeights: z.string().optional(),
});

export const MfModelMeta = z.object({
  format: z.literal('vitrine-mf/1'),
  createdAt: Timestamp,
  dim: z.number().int().positive(),
  users: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  /** Distinct (user, item) pairs it was trained on. */
  interactions: z.number().int().nonnegative(),
  /** tfjs backend or `js`, for the record. */
  backend: z.string(),
  config: MfConfig,
  /**
   * s of the user-activity weighting (confidences × s·(n+1)^-γ, γ = config.activityExponent),
   * fixed by the training data; the fold-in needs it. 1 for models trained before it existed.
   */
  activityScale: z.number().positive().default(1),
  files: MfModelFiles,
});
export type MfModelMeta = z.infer<typeof MfModelMeta>;

/** Ranking metrics of one model at the configured k, e.g. { "ndcg@10": 0.41, "precision@10": 0.37 }. */
/**
 * A fixed-size sample of the (user, item) pairs a model was trained on, written by `vitrine
 * train` as training-pairs.json beside model/: every pair whose 53-bit hash is below
 * `threshold` (about `size` of them), so `vitrine eval` can estimate how many of its held-out
 * pairs the model has already seen (batch/src/eval/leakage.ts).
 */
export const TrainingPairs = z.object({
  hash: z.literal('pair53-v1'),
  /** Rows the model was trained on (not deduplicated). */
  rows: z.number().int().nonnegative(),
  /** Pairs with a hash below this are in the sample. */
  threshold: z.number().nonnegative(),
  /** Sorted hashes of the sampled training pairs. */
  hashes: z.array(z.number().int().nonnegative()),
});
export type TrainingPairs = z.infer<typeof TrainingPairs>;

export const MetricValues = z.record(z.string(), z.number());

export const TrainingMetrics = z.object({
  createdAt: Timestamp,
  /** Hold-out protocol used for the numbers below. */
  eval: EvalConfig,
  data: z.object({
    users: z.number().int().nonnegative(),
    items: z.number().int().nonnegative(),
    interactions: z.number().int().nonnegative(),
    train: z.number().int().nonnegative(),
    test: z.number().int().nonnegative(),
    /** Users the metrics were averaged over. */
    evaluatedUsers: z.number().int().nonnegative(),
  }),
  /** Metrics per model name; always includes `popularity`. */
  models: z.record(z.string(), MetricValues),
  /** Name of the model the artifacts belong to (a key of `models`). */
  primary: z.string(),
  training: z.object({
    seconds: z.number().nonnegative(),
    backend: z.string(),
    compute: z.string(),
    iterations: z.number().int().nonnegative(),
  }),
});
export type TrainingMetrics = z.infer<typeof TrainingMetrics>;

/** One line of `items.jsonl`: every item of the model, in the row order of its item factors. */
export const ItemMetadataRow = z.object({
  itemId: z.string(),
  /** Distinct users who interacted with the item in the training data. */
  popularity: z.number().nonnegative(),
  /** `trained` by iALS, or `features`: a catalogue item without interactions (cold start). */
  source: z.enum(['trained', 'features']),
  available: z.boolean(),
  category: CategoryId.optional(),
  brand: z.string().optional(),
  priceBand: PriceBand.optional(),
  /** When the item entered the catalogue (the catalogue's `addedAt`), for `new_in_category`. */
  addedAt: Timestamp.optional(),
});
export type ItemMetadataRow = z.infer<typeof ItemMetadataRow>;
