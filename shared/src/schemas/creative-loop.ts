/**
 * The creative half of `vitrine pipeline`: how the generator is refreshed (its own cadence), what
 * its gate accepts, and the marketers' review of the prebuilt library.
 *
 * Review: every library creative of a manifest has a `status`. New creatives start `pending`
 * (unless the run auto-approves them); `vitrine creatives approve|reject` records decisions in
 * `state/creative-review.json` of the model store (keyed by the banner's sha256, so a decision
 * follows the bytes into every later manifest that lists them) and publishes the live manifest
 * again with the new statuses. The edge serves only approved library creatives; an entry
 * without a status comes from a manifest published before review existed and counts as approved.
 */
import * as z from 'zod';
import { Sha256Hex, Timestamp } from './common.ts';

/** How the pipeline refreshes the generator: train a new one, carry the live one, or leave creatives as live. */
export const GAN_MODES = ['retrain', 'reuse', 'skip'] as const;
export const GanMode = z.enum(GAN_MODES);
export type GanMode = z.infer<typeof GanMode>;

/** Named sizes of the pipeline's GAN run: tiny (seconds, tests/CI), demo (minutes), full (the container). */
export const CREATIVE_LOOP_PRESETS = ['tiny', 'demo', 'full'] as const;
export const CreativeLoopPreset = z.enum(CREATIVE_LOOP_PRESETS);
export type CreativeLoopPreset = z.infer<typeof CreativeLoopPreset>;

export const CREATIVE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const CreativeStatus = z.enum(CREATIVE_STATUSES);
export type CreativeStatus = z.infer<typeof CreativeStatus>;

/**
 * Whether the edge may serve a library entry: approved, or published before review existed.
 *
 * @example
 * const served = (manifest.creatives ?? []).filter(isServedCreative);
 */
export const isServedCreative = (entry: { status?: CreativeStatus | undefined }): boolean =>
  (entry.status ?? 'approved') === 'approved';

export const CreativeLoopConfig = z.object({
  gan: GanMode.default('reuse').describe(
    'generator cadence: reuse the live generator (train one when there is none), retrain, or skip (creatives as live)',
  ),
  ganPreset: CreativeLoopPreset.default('demo').describe(
    'size of a GAN run: tiny (seconds, tests/CI), demo (minutes on CPU), full (the GPU container)',
  ),
  ganSteps: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("generator updates of a retrain (default: the preset's); time-boxes a run"),
  ganData: z
    .string()
    .min(1)
    .optional()
    .describe('Fashion-MNIST directory the generator trains on (default: the gan-train lookup order)'),
  ganCache: z
    .string()
    .min(1)
    .default('file://.vitrine/cache')
    .describe("store URI where the generator gate's evaluation classifier is cached"),
  ganForce: z
    .boolean()
    .default(false)
    .describe('publish a retrained generator even when its gate prefers the live one (never without parity)'),
  fidMargin: z.coerce
    .number()
    .min(0)
    .default(0.1)
    .describe("generator gate: refuse a Fréchet distance above the live generator's × (1 + margin)"),
  classCorrectMargin: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.02)
    .describe("generator gate: refuse a class-correct share below the live generator's − margin"),
  variants: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .optional()
    .describe('library variants (seeds) per category (default: the preset’s)'),
  brandKit: z
    .string()
    .min(1)
    .optional()
    .describe(
      'brand kit JSON (file path or URI) to publish, with the font files it names (paths relative to it); default: the live kit (or the built-in one)',
    ),
  approveCreatives: z
    .boolean()
    .default(false)
    .describe('new library creatives start approved instead of pending (review with `vitrine creatives`)'),
});
export type CreativeLoopConfig = z.infer<typeof CreativeLoopConfig>;

/** `state/creative-review.json`: marketers' decisions, by banner sha256. */
export const CREATIVE_REVIEW_KEY = 'state/creative-review.json';

export const CreativeReview = z.object({
  format: z.literal('vitrine-creative-review'),
  version: z.literal(1),
  decisions: z.record(
    Sha256Hex,
    z.object({ status: CreativeStatus, decidedAt: Timestamp, by: z.string().max(120).optional() }),
  ),
});
export type CreativeReview = z.infer<typeof CreativeReview>;
