/**
 * Job configuration: every hyper-parameter of the batch pipeline with its default and a
 * description. The CLI builds `--help` and its flags from these schemas, so this is the one
 * place an option is documented.
 */
import * as z from 'zod';

export const MfConfig = z.object({
  algorithm: z.enum(['ials']).default('ials').describe('training algorithm'),
  factors: z.coerce.number().int().min(2).max(1024).default(64).describe('embedding dimension'),
  iterations: z.coerce.number().int().min(1).max(500).default(15).describe('alternating sweeps'),
  regularization: z.coerce.number().min(0).default(0.33).describe('L2 weight λ'),
  regularizationExponent: z.coerce
    .number()
    .min(0)
    .max(2)
    .default(0.5)
    .describe('frequency scaling ν: a row with n interactions gets λ·(n + unobservedWeight·N)^ν'),
  unobservedWeight: z.coerce
    .number()
    .min(0)
    .default(0.13)
    .describe('α0: weight of every unobserved (user, item) pair'),
  alpha: z.coerce
    .number()
    .min(0)
    .default(0)
    .describe(
      'confidence added per unit of interaction weight: c = 1 + alpha·w (0 = every interaction counts once)',
    ),
  activityExponent: z.coerce
    .number()
    .min(0)
    .max(2)
    .default(0.375)
    .describe(
      'γ: a user with n interactions gets its confidences scaled by s·(n+1)^-γ (s keeps the mean observed ' +
        'confidence at 1), so very active users do not dominate the item vectors; 0 = off',
    ),
  sessionGap: z.coerce
    .number()
    .min(0)
    .default(240)
    .describe(
      'seconds: each visit of a user (interactions with no longer gap) also trains as a row of its own, so ' +
        'items chosen together in one visit end up close; needs timestamps; 0 = off',
    ),
  sessionRowsMax: z.coerce
    .number()
    .int()
    .min(0)
    .default(100_000)
    .describe(
      'at most this many session rows, the most recent (each costs a row solve per sweep, however short)',
    ),
  initScale: z.coerce.number().positive().default(0.1).describe('std of the initial factors / √dim'),
  solver: z
    .enum(['cg', 'cholesky'])
    .default('cg')
    .describe('row solve: cg = warm-started conjugate gradient, cholesky = exact (typed-array path only)'),
  cgSteps: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe('conjugate-gradient steps per row solve'),
  compute: z
    .enum(['auto', 'js', 'wasm', 'tf'])
    .default('auto')
    .describe(
      'where row solves run: tf = batched tfjs ops, wasm = WASM SIMD kernels (cg, factors % 8 = 0), ' +
        'js = typed-array loops; auto = tf on native backends, else wasm where it applies, else js',
    ),
  threads: z.coerce
    .number()
    .int()
    .min(0)
    .max(256)
    .default(0)
    .describe('worker threads of the typed-array path (0 = one per CPU core); results do not depend on it'),
  seed: z.coerce.number().int().nonnegative().default(42).describe('random seed'),
  coldStart: z
    .enum(['towers', 'ridge'])
    .default('towers')
    .describe(
      'vectors of catalogue items without interactions: towers = MLP feature tower trained against the ' +
        'factors (batch/src/models/towers), ridge = linear ridge map from features',
    ),
  towerMaxItems: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe(
      'coldStart towers only up to this many trained items (0 = no limit); larger catalogues use the ridge map, ' +
        'whose cost stays seconds where the tower takes minutes to hours',
    ),
  refitIterations: z.coerce
    .number()
    .int()
    .min(0)
    .max(500)
    .default(3)
    .describe(
      'after evaluating on a hold-out, sweeps on all data starting from the evaluated model ' +
        '(0 = train on all data from random factors, `iterations` sweeps)',
    ),
});
export type MfConfig = z.infer<typeof MfConfig>;

export const EvalConfig = z.object({
  split: z
    .enum(['stratified', 'temporal', 'leave-last-out'])
    .default('stratified')
    .describe('hold-out protocol'),
  ratio: z.coerce.number().gt(0).lt(1).default(0.75).describe('share of each group kept for training'),
  k: z.coerce.number().int().min(1).max(1000).default(10).describe('cut-off for @k metrics'),
  seed: z.coerce.number().int().nonnegative().default(42).describe('split seed'),
});
export type EvalConfig = z.infer<typeof EvalConfig>;

export const IndexConfig = z.object({
  nlist: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'IVF lists (0 = about 2√items, growing to 8√items at 1M items, and enough that an average list fills half a shard)',
    ),
  nprobe: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('default lists scanned per query (0 = smallest reaching targetRecall on sampled users)'),
  targetRecall: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.95)
    .describe('recall@10 vs exact search that the automatic nprobe must reach'),
  dtype: z.enum(['f32', 'f16', 'int8']).default('f32').describe('storage of list vectors'),
  rerank: z
    .boolean()
    .default(true)
    .describe('with f16/int8: also write an f32 copy of each list for the exact rerank'),
  metric: z
    .enum(['l2', 'ip', 'cosine'])
    .default('l2')
    .describe(
      'k-means geometry: l2 (centroid = mean; best on MF embeddings), ip (spherical like FAISS IVF-IP: unit centroids, assignment by inner product; best on clustered vectors of similar norms), cosine (spherical on unit rows)',
    ),
  shardKiB: z.coerce
    .number()
    .int()
    .min(4)
    .max(16_384)
    .default(256)
    .describe('largest shard blob in KiB; lists above it are split (edge memory budget)'),
  fallbackSize: z.coerce.number().int().min(1).max(10_000).default(100).describe('items per fallback list'),
  kmeansIterations: z.coerce.number().int().min(1).default(20).describe('k-means iterations'),
  userShards: z.coerce.number().int().min(0).default(0).describe('user hash buckets (0 = auto)'),
  itemShards: z.coerce.number().int().min(0).default(0).describe('item-by-id hash buckets (0 = auto)'),
  seed: z.coerce.number().int().nonnegative().default(42).describe('k-means seed'),
});
export type IndexConfig = z.infer<typeof IndexConfig>;

/** How much malformed input a loader may drop before the job refuses it (batch/src/data/thresholds.ts). */
const DELIMITER_NAMES: Record<string, string> = {
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};

/** A CSV field separator: one character other than a quote or line break (or its name: `tab`). */
export const CsvDelimiter = z.preprocess(
  (v) => (typeof v === 'string' ? (DELIMITER_NAMES[v.toLowerCase()] ?? v) : v),
  z
    .string()
    .length(1, 'must be one character (or tab, comma, semicolon, pipe)')
    .refine((d) => !['"', '\n', '\r'].includes(d), 'must not be a quote or a line break'),
);

export const LoadConfig = z.object({
  maxBadFraction: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.01)
    .describe('refuse an input whose share of malformed rows is above this (1 = never refuse)'),
  maxBadRows: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('also refuse above this many malformed rows (default: no count limit)'),
  delimiter: CsvDelimiter.optional().describe(
    'field separator of CSV inputs: one character, or tab, comma, semicolon, pipe (default: comma; feeds: detected)',
  ),
});
export type LoadConfig = z.infer<typeof LoadConfig>;

export const PublishConfig = z.object({
  retention: z.coerce.number().int().min(1).default(5).describe('manifest versions kept'),
  gateMetric: z.string().default('ndcg@10').describe('metric the quality gate compares'),
  gateMargin: z.coerce
    .number()
    .min(0)
    .default(0.02)
    .describe('largest allowed drop of the gate metric vs the live model'),
  force: z.coerce
    .boolean()
    .default(false)
    .describe('publish even when the gate fails or the live state is unreadable'),
});
export type PublishConfig = z.infer<typeof PublishConfig>;

export const JobConfig = z.object({
  mf: MfConfig.default(MfConfig.parse({})),
  eval: EvalConfig.default(EvalConfig.parse({})),
  index: IndexConfig.default(IndexConfig.parse({})),
  publish: PublishConfig.default(PublishConfig.parse({})),
});
export type JobConfig = z.infer<typeof JobConfig>;
