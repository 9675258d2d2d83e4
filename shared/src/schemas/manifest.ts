/**
 * The model manifest: the only document the edge trusts. `manifests/<version>.json` is
 * immutable and lists every artifact of one published model as a content-addressed blob;
 * `manifests/current.json` (written last) points at the live version.
 */
import * as z from 'zod';
import { CategoryId } from './category.ts';
import { Currency, Sha256Hex, Timestamp } from './common.ts';
import { CreativeStatus } from './creative-loop.ts';

/** An immutable artifact: `blobs/<sha256>`, with the size and digest the reader verifies. */
export const BlobRef = z.object({
  key: z.string().regex(/^blobs\/[0-9a-f]{64}$/, 'must be blobs/<sha256>'),
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
});
export type BlobRef = z.infer<typeof BlobRef>;

export const Version = z.string().regex(/^[0-9A-Za-z][\w.-]{0,63}$/, 'must be a short slug');

export const ShardDtype = z.enum(['f32', 'f16', 'int8']);

/** Items and users are split by this hash of their id (see shared/src/sharding). */
export const HashSharding = z.object({
  hash: z.literal('fnv1a32'),
  shardCount: z.number().int().positive(),
  /**
   * One shard-codec f32 blob per bucket, in bucket order: bucket b holds exactly the ids with
   * `bucketOf(id, shardCount) === b`, rows sorted by id (UTF-16 code-unit order) so a reader can
   * binary-search. The user shards hold only users with a trained (non-zero) vector.
   */
  shards: z.array(BlobRef),
});

export const IvfList = z.object({
  /** Items in this inverted list (rows of its shard). */
  count: z.number().int().nonnegative(),
  /** Shard-codec blob with the list's item ids and vectors, in `items.index.dtype`. */
  shard: BlobRef,
  /** JSON `ShardMetadata` aligned with the shard's rows (category, availability, popularity). */
  metadata: BlobRef,
  /** f32 copy used for the exact rerank when the list shard is quantised. */
  rerank: BlobRef.optional(),
});

export const ShardMetadata = z.object({
  /** Category id of each row; null for an item the catalogue does not categorise. */
  category: z.array(CategoryId.nullable()),
  available: z.array(z.boolean()),
  popularity: z.array(z.number()),
  /**
   * When each row's item entered the catalogue (null: unknown), for the `new_in_category`
   * reason. Optional: catalogues without a recency signal publish none.
   */
  addedAt: z.array(Timestamp.nullable()).optional(),
});
export type ShardMetadata = z.infer<typeof ShardMetadata>;

/** A listed item, with its own category (a parent's list holds its descendants' items). */
const FallbackEntry = z.object({ itemId: z.string(), score: z.number(), category: CategoryId.optional() });

export const FallbackLists = z.object({
  global: z.array(FallbackEntry),
  /** Per category id (every level: a parent's list includes its descendants' items). */
  byCategory: z.record(CategoryId, z.array(FallbackEntry)),
});
export type FallbackLists = z.infer<typeof FallbackLists>;

export const CreativeEntry = z.object({
  /** One of the generator's categories. */
  category: CategoryId,
  seed: z.number().int().nonnegative(),
  size: z.string(),
  template: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  blob: BlobRef,
  /** Marketers' review (creative-loop.ts); absent: published before review existed (served). */
  status: CreativeStatus.optional(),
});
export type CreativeEntry = z.infer<typeof CreativeEntry>;

export const CatalogueSection = z.object({
  /** JSON `CategoryTree`: every category (and its ancestors) of the catalogue. */
  categories: BlobRef,
  categoryCount: z.number().int().nonnegative(),
  /** Items of the catalogue (the model may know fewer or more). */
  items: z.number().int().nonnegative(),
  /** Currencies of the catalogue's prices. */
  currencies: z.array(Currency),
  /** JSON lines of `CatalogueItem`: the normalised catalogue the model was trained with. */
  normalised: BlobRef.optional(),
});
export type CatalogueSection = z.infer<typeof CatalogueSection>;

export const Manifest = z.object({
  schemaVersion: z.literal(1),
  version: Version,
  createdAt: Timestamp,
  model: z.object({
    kind: z.literal('mf'),
    algorithm: z.string(),
    dim: z.number().int().positive(),
    backend: z.string(),
    /** The training configuration as run (job-config schema), for reproducibility. */
    config: z.record(z.string(), z.unknown()),
    /** Offline metrics that passed the quality gate, e.g. { "ndcg@10": 0.41 }. */
    metrics: z.record(z.string(), z.number()),
    data: z.object({ users: z.number(), items: z.number(), interactions: z.number() }),
  }),
  items: z.object({
    count: z.number().int().nonnegative(),
    /** Exact f32 vectors bucketed by hash of item id: fold-in and item-to-item lookups. */
    byId: HashSharding,
    index: z.object({
      kind: z.literal('ivf'),
      dtype: ShardDtype,
      /** Shard-codec f32 blob; row i is the centroid of lists[i] (ids are the list numbers). */
      centroids: BlobRef,
      lists: z.array(IvfList),
      defaultNprobe: z.number().int().positive(),
    }),
  }),
  users: HashSharding.extend({ count: z.number().int().nonnegative() }),
  /** What the edge needs to fold a session's items into a user vector without retraining. */
  foldIn: z.object({
    /** Little-endian f32 dim×dim matrix YᵀY (the item Gramian), row-major. */
    gramian: BlobRef,
    /** λ: the fold-in's ridge term is λ·(|session items| + unobservedWeight·items.count)^ν. */
    regularization: z.number().nonnegative(),
    /** ν of that frequency scaling (MfConfig.regularizationExponent; 0 = constant λ). */
    regularizationExponent: z.number().nonnegative().default(1),
    unobservedWeight: z.number().nonnegative(),
    /** Confidence weight per observed interaction. */
    alpha: z.number().nonnegative(),
    /**
     * User-activity weighting of training (MfConfig.activityExponent γ, and the model's scale s):
     * a session with n distinct items has its confidences multiplied by s·(n+1)^-γ. The defaults
     * (γ 0, s 1) are the unweighted fold-in of models published before it existed.
     */
    activityExponent: z.number().nonnegative().default(0),
    activityScale: z.number().positive().default(1),
  }),
  fallback: BlobRef,
  generator: z
    .object({
      onnx: BlobRef,
      noiseDim: z.number().int().positive(),
      /**
       * The generator's classes, in the order of its one-hot label input: category ids of the
       * catalogue it was trained for. An item's banner uses its nearest ancestor-or-self here.
       */
      categories: z.array(CategoryId),
      imageSize: z.number().int().positive(),
      /**
       * Channels of the output image `[batch, side, side, channels]`: 1 grey, 3 RGB. Absent
       * (generators published before it existed): read from the model's output.
       */
      channels: z.union([z.literal(1), z.literal(3)]).optional(),
    })
    .optional(),
  creatives: z.array(CreativeEntry).optional(),
  /** JSON `BrandKit` (schemas/brand-kit.ts) of the creatives; absent: the default kit. */
  brandKit: BlobRef.optional(),
  /**
   * Every catalogue item's card (title, price + currency, brand, picture, link, availability,
   * category: `ItemCard` in catalogue.ts), the one publication of per-item metadata: JSON
   * `ItemCardShard` blobs, one per fnv1a32 bucket of its own `shardCount` (sized for small reads,
   * not `items.byId`'s). The recommend Worker answers `details=1` from it, the creative Worker
   * draws per-item banners from it. Absent (a model trained without a catalogue): no details,
   * and per-item creatives answer 404 (category banners still work).
   */
  itemCards: HashSharding.optional(),
  /** The shop's catalogue as this model saw it; absent when the pipeline ran without one. */
  catalogue: CatalogueSection.optional(),
  /**
   * Segment cold start (schemas/segments.ts): JSON `SegmentTable` of taste vectors per request
   * context; absent when the events carried no context.
   */
  segments: z
    .object({
      table: BlobRef,
      count: z.number().int().nonnegative(),
      /** Least training users a published segment has (coarser segments answer below it). */
      minUsers: z.number().int().positive(),
    })
    .optional(),
  /**
   * The font files the brand kit names (`BrandKit.fontFiles`, as published blobs), listed here
   * too so the publisher copies, verifies and keeps them like every blob of the version.
   */
  brandFonts: z.array(BlobRef).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export const CurrentPointer = z.object({
  version: Version,
  /** `manifests/<version>.json`. */
  manifestKey: z.string().regex(/^manifests\/[\w.-]+\.json$/),
  /** Digest of the manifest document, checked by readers before use. */
  sha256: Sha256Hex,
  publishedAt: Timestamp,
  /**
   * Copies of the manifest's refs a cold isolate needs first (the router's centroids, the user
   * shards), so it can fetch them beside the manifest instead of after it. A hint only: blobs
   * are verified by their own sha256, and the answer always follows the verified manifest.
   */
  hot: z
    .object({
      centroids: BlobRef,
      users: z.object({ shardCount: z.number().int().positive(), shards: z.array(BlobRef) }),
    })
    .optional(),
});
export type CurrentPointer = z.infer<typeof CurrentPointer>;

/** The pointer's `hot` section for `manifest` (what the publisher and rollback write). */
export function pointerHot(manifest: Manifest): NonNullable<CurrentPointer['hot']> {
  const { shardCount, shards } = manifest.users;
  return { centroids: manifest.items.index.centroids, users: { shardCount, shards } };
}

export const MANIFEST_PREFIX = 'manifests/';
export const CURRENT_POINTER_KEY = 'manifests/current.json';
export const manifestKey = (version: string): string => `${MANIFEST_PREFIX}${version}.json`;

/** One IVF list ref as published (`Manifest['items']['index']['lists'][number]`). */
export type IvfList = z.infer<typeof IvfList>;

/**
 * `Manifest` with its IVF list refs taken as they are: what the edge parses on a cold isolate.
 * The lists are nearly all of a large manifest (632 of them are 245 KB of a 260 KB document at
 * 100k items) and validating thousands of refs cost a cold answer more than everything else it
 * computes, while an answer reads a handful. So a reader of this schema must check each list with
 * `IvfList` before it uses it (the edge does, once per list). Everything else is checked as in
 * `Manifest`, defaults included; the bytes are pinned by the pointer's sha256, and the publisher
 * validates the whole `Manifest` before it writes them.
 */
export const ManifestHead = Manifest.extend({
  items: Manifest.shape.items.extend({
    index: Manifest.shape.items.shape.index.extend({
      lists: z.array(z.custom<IvfList>((value) => typeof value === 'object' && value !== null)),
    }),
  }),
});
