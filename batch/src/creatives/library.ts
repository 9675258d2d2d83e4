/**
 * The prebuilt creative library: for each category, `variants` seeds run through the exported
 * generator, composed into a banner for every size (and template), PNG-encoded and uploaded as
 * content-addressed blobs. The result is the manifest's `creatives` list, so a CDN can serve
 * each banner forever from `blobs/<sha256>`.
 *
 * Variant v of a category uses seed `firstSeed + v`, and the inputs come from the shared
 * `generatorInputs`: a library entry is byte-for-byte the banner the edge creative Worker would
 * render on demand for the same category, seed, size and template (same ONNX file, same
 * onnxruntime-web build, same composition code).
 */
import { categoryCopy, DEFAULT_BRAND_KIT, generatorInputs, LAYOUTS, renderBanner } from '#shared/creatives';
import { AppError } from '#shared/errors';
import {
  type BrandKit,
  CREATIVE_SIZES,
  type CreativeEntry,
  type CreativeSize,
  type CreativeTemplate,
  type Manifest,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { putContentAddressed } from './blobs.ts';
import { nodeBannerEngine } from './engine.ts';
import type { OnnxGenerator } from './generator.ts';

export interface LibraryOptions {
  store: BlobStore;
  generator: Pick<OnnxGenerator, 'noiseDim' | 'numClasses' | 'imageSide' | 'channels' | 'generate'>;
  /** Variants (seeds) per category. */
  variants: number;
  /** Seed of variant 0 (default 0, the creative Worker's default seed). */
  firstSeed?: number;
  /** The generator's class list (its manifest entry's `categories`, in one-hot order). */
  classes: readonly string[];
  /** Classes to render (default: all). */
  categories?: readonly string[];
  sizes?: readonly CreativeSize[];
  templates?: readonly CreativeTemplate[];
  /** The brand kit the manifest publishes with the library (default: `DEFAULT_BRAND_KIT`). */
  kit?: BrandKit;
  /** Images per generator call (default 64). */
  batchSize?: number;
  /** Called after each banner is stored. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Builds and uploads the library; entries come back in category, seed, size, template order.
 *
 * @example
 * const gen = await openOnnxGenerator(onnxBytes);
 * const creatives = await buildCreativeLibrary({ store, generator: gen, variants: 4 });
 */
export async function buildCreativeLibrary(o: LibraryOptions): Promise<CreativeEntry[]> {
  const categories = o.categories ?? o.classes;
  const sizes = o.sizes ?? CREATIVE_SIZES;
  const templates = o.templates ?? (['classic'] as const);
  const firstSeed = o.firstSeed ?? 0;
  const batchSize = o.batchSize ?? 64;
  if (!Number.isInteger(o.variants) || o.variants < 1 || o.variants > 10_000) {
    throw new AppError('invalid_argument', `variants must be an integer in [1, 10000], got ${o.variants}`, {
      field: 'variants',
    });
  }
  if (o.generator.numClasses !== o.classes.length) {
    throw new AppError(
      'invalid_argument',
      `generator has ${o.generator.numClasses} classes, its class list names ${o.classes.length}`,
    );
  }
  const requests = categories.flatMap((category) =>
    Array.from({ length: o.variants }, (_, v) => ({ category, seed: firstSeed + v })),
  );
  const side = o.generator.imageSide;
  const values = side * side * o.generator.channels;
  const kit = o.kit ?? DEFAULT_BRAND_KIT;
  const engine = await nodeBannerEngine();
  const total = requests.length * sizes.length * templates.length;
  const entries: CreativeEntry[] = [];
  for (let start = 0; start < requests.length; start += batchSize) {
    const chunk = requests.slice(start, start + batchSize);
    const images = await o.generator.generate(generatorInputs(chunk, o.generator.noiseDim, o.classes));
    for (const [row, { category, seed }] of chunk.entries()) {
      const image = images.subarray(row * values, (row + 1) * values);
      for (const size of sizes) {
        for (const template of templates) {
          const copy = categoryCopy(category, kit);
          const picture = { kind: 'generated' as const, image, side };
          const { bytes: png } = await renderBanner(engine, { size, template, kit, copy, picture }, 'png');
          const blob = await putContentAddressed(o.store, png, 'image/png');
          const { width, height } = LAYOUTS[size];
          entries.push({ category, seed, size, template, width, height, blob });
          o.onProgress?.(entries.length, total);
        }
      }
    }
  }
  return entries;
}

/**
 * Uploads the generator ONNX as a content-addressed blob and returns the manifest's
 * `generator` section.
 */
export async function storeGenerator(
  store: BlobStore,
  onnx: Uint8Array,
  generator: Pick<OnnxGenerator, 'noiseDim' | 'imageSide' | 'channels'>,
  /** The generator's class list (its one-hot order): category ids from its own training data. */
  categories: NonNullable<Manifest['generator']>['categories'],
): Promise<NonNullable<Manifest['generator']>> {
  const ref = await putContentAddressed(store, onnx, 'application/octet-stream');
  return {
    onnx: ref,
    noiseDim: generator.noiseDim,
    categories,
    imageSize: generator.imageSide,
    // Recorded so the edge knows grey from RGB without running the model first.
    channels: generator.channels,
  };
}
