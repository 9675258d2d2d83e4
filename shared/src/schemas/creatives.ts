/**
 * Banner creatives: the ad-slot sizes, the visual templates, the copy drawn on them, and the
 * query of the creative Worker. The pixels of each size live in shared/src/creatives/layouts.ts;
 * the names here are the wire format (query strings, manifest entries, blob listings).
 */
import * as z from 'zod';
import { LanguageTag } from './brand-kit.ts';
import { ItemCard } from './catalogue.ts';
import { CategoryId } from './category.ts';
import { BlobRef, CreativeEntry, Manifest } from './manifest.ts';

/** IAB slot names: 300×250 medium rectangle, 320×100 large mobile banner, 728×90 leaderboard. */
export const CREATIVE_SIZES = ['medium-rectangle', 'mobile-banner', 'leaderboard'] as const;
export const CreativeSize = z.enum(CREATIVE_SIZES);
export type CreativeSize = z.infer<typeof CreativeSize>;

/** `classic`: light card, product in the category colour; `bold`: colour field, light product. */
export const CREATIVE_TEMPLATES = ['classic', 'bold'] as const;
export const CreativeTemplate = z.enum(CREATIVE_TEMPLATES);
export type CreativeTemplate = z.infer<typeof CreativeTemplate>;

/** Text drawn on a banner (any script the brand kit's font covers; long text is ellipsised). */
export const BannerCopy = z.object({
  title: z.string().min(1).max(300),
  /** Formatted in the item's currency for the kit's language, e.g. `135,99 €`. */
  price: z.string().max(40).optional(),
  brand: z.string().max(80).optional(),
  cta: z.string().min(1).max(24),
  /**
   * Drawn instead of `title` when the fonts lack some of the title's characters (an item's
   * category label; shared/src/creatives/coverage.ts).
   */
  fallbackTitle: z.string().min(1).max(300).optional(),
});
export type BannerCopy = z.infer<typeof BannerCopy>;

/**
 * A generator seed: any u32, written in decimal digits. (A plain `z.coerce.number()` would take
 * `seed=` as 0 and `seed=1e3` or `seed=0x10` as numbers: one image, several URLs and cache keys.)
 */
export const CreativeSeed = z.coerce
  .string()
  .regex(/^\d{1,10}$/, 'must be a decimal integer in [0, 4294967295]')
  .transform(Number)
  .pipe(z.number().max(0xffff_ffff, 'must be a decimal integer in [0, 4294967295]'));

/** What a creative route answers: the rasterised banner, or the SVG it was drawn from. */
export const CreativeFormat = z.enum(['png', 'svg']);
export type CreativeFormat = z.infer<typeof CreativeFormat>;

/** `GET /v1/creatives/:category?seed=&size=&template=&format=` (query part). */
export const CreativeQuery = z.object({
  seed: CreativeSeed.default(0),
  size: CreativeSize.default('medium-rectangle'),
  template: CreativeTemplate.default('classic'),
  format: CreativeFormat.default('png'),
});
export type CreativeQuery = z.infer<typeof CreativeQuery>;

/**
 * One catalogue item as a creative needs it: its card (catalogue.ts), the one publication of
 * per-item metadata the widget reads too. The copy comes from here, the CTA, colours, logo,
 * font and language from the brand kit.
 */
export const CreativeItem = ItemCard;
export type CreativeItem = ItemCard;

/**
 * Which picture an item's banner shows: `auto` = the product's own when it has one, else a
 * generator variant; `product` insists on the product's (the generator is not used);
 * `generated` = a generator variant (seeded by `seed`).
 */
export const CreativePicture = z.enum(['auto', 'product', 'generated']);
export type CreativePicture = z.infer<typeof CreativePicture>;

/** `GET /v1/creatives/items/:itemId?size=&template=&picture=&seed=&lang=&format=`. */
export const ItemCreativeQuery = CreativeQuery.extend({
  picture: CreativePicture.default('auto'),
  /** Language of the CTA and the price format; the brand kit's when absent. */
  lang: LanguageTag.optional(),
});
export type ItemCreativeQuery = z.infer<typeof ItemCreativeQuery>;

/** The manifest's `generator` section (ONNX blob + how to feed it). */
export const GeneratorSection = Manifest.shape.generator.unwrap();
export type GeneratorSection = z.infer<typeof GeneratorSection>;

/**
 * `<prefix>/onnx.json`, written by `vitrine gan-export` next to the checkpoint: the exported
 * generator and the parity check it passed. The publisher copies `generator` into the manifest.
 */
export const GeneratorExport = z.object({
  format: z.literal('vitrine-generator-export'),
  version: z.literal(1),
  generator: GeneratorSection,
  /** Checkpoint step and weights digest the ONNX was exported from. */
  checkpoint: z.object({ step: z.number().int().nonnegative(), weightsSha256: z.string() }),
  parity: z.object({
    runtime: z.string(),
    batch: z.number().int().positive(),
    maxAbsDiff: z.number().nonnegative(),
    tolerance: z.number().positive(),
    /** The same inputs on each onnxruntime checked (`maxAbsDiff` above is the largest). */
    runtimes: z.array(z.object({ runtime: z.string(), maxAbsDiff: z.number().nonnegative() })).optional(),
  }),
  opset: z.number().int(),
  exportedAt: z.iso.datetime({ offset: true }),
});
export type GeneratorExport = z.infer<typeof GeneratorExport>;

/**
 * `<prefix>/creatives.json`, written by `vitrine gan-creatives`: the prebuilt library for the
 * generator blob it was rendered with. The publisher copies `creatives` into the manifest.
 */
export const CreativeLibraryListing = z.object({
  format: z.literal('vitrine-creative-library'),
  version: z.literal(1),
  generator: BlobRef,
  creatives: z.array(CreativeEntry),
});
export type CreativeLibraryListing = z.infer<typeof CreativeLibraryListing>;

/** One prebuilt creative in `GET /v1/creatives/library/:category`. */
export const CreativeLibraryItem = z.object({
  seed: z.number().int().nonnegative(),
  size: z.string(),
  template: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Digest of the PNG: its ETag, and the name of its immutable URL. */
  sha256: z.string(),
  bytes: z.number().int().nonnegative(),
  /** `<origin>/v1/blobs/<sha256>`, served with `Cache-Control: immutable`. */
  url: z.string(),
});
export type CreativeLibraryItem = z.infer<typeof CreativeLibraryItem>;

/** `GET /v1/creatives/library/:category`. */
export const CreativeLibraryResponse = z.object({
  modelVersion: z.string().nullable(),
  category: CategoryId,
  creatives: z.array(CreativeLibraryItem),
});
export type CreativeLibraryResponse = z.infer<typeof CreativeLibraryResponse>;

/** How a creative was produced, in the `X-Vitrine-Creative` response header. */
export const CREATIVE_SOURCES = ['generated', 'library', 'copy-only'] as const;
export type CreativeSource = (typeof CREATIVE_SOURCES)[number];

/** `GET /v1/health` of the creative Worker. */
export const CreativeHealthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  modelVersion: z.string().nullable(),
  generator: z.object({
    /** Digest of the manifest's generator blob, or null when the manifest has none. */
    sha256: z.string().nullable(),
    state: z.enum(['absent', 'idle', 'loading', 'ready', 'failed']),
    detail: z.string().optional(),
  }),
  /** Library creatives the Worker serves: approved ones (and those published before review). */
  libraryCreatives: z.number().int().nonnegative(),
  degraded: z.object({ reason: z.string(), detail: z.string().optional() }).optional(),
  /** Library creatives awaiting review (`pending`): published, not served until approved. */
  pendingCreatives: z.number().int().nonnegative().optional(),
});
export type CreativeHealthResponse = z.infer<typeof CreativeHealthResponse>;
