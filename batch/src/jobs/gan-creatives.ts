/**
 * Job: the exported generator (from `<prefix>/onnx.json`) → the prebuilt creative library,
 * listed in `<prefix>/creatives.json` for the publisher.
 *
 * The generator blob is verified against its sha256 before use, so a library is never rendered
 * from a file other than the one the manifest will name.
 */
import { verifySha256 } from '#shared/crypto';
import { AppError } from '#shared/errors';
import {
  CreativeLibraryListing,
  type CreativeSize,
  type CreativeTemplate,
  decodeJson,
  GeneratorExport,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { buildCreativeLibrary, openOnnxGenerator } from '../creatives/index.ts';
import type { OrtRuntime } from '../runtime/ort.ts';
import { exportListingKey } from './gan-export.ts';

export interface GanCreativesOptions {
  store: BlobStore;
  /** Prefix holding `onnx.json` (written by gan-export); `creatives.json` is written beside it. */
  prefix: string;
  variants: number;
  firstSeed?: number;
  /** Generator classes to render (default: all of them). */
  categories?: readonly string[];
  sizes?: readonly CreativeSize[];
  templates?: readonly CreativeTemplate[];
  runtime?: OrtRuntime;
  onProgress?: (done: number, total: number) => void;
}

export const libraryListingKey = (prefix: string): string => `${prefix}/creatives.json`;

async function readExport(store: BlobStore, prefix: string): Promise<GeneratorExport> {
  const key = exportListingKey(prefix);
  let raw: Uint8Array;
  try {
    raw = await store.get(key);
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') {
      throw new AppError('not_found', `no exported generator at ${key}: run \`vitrine gan-export\` first`, {
        key,
      });
    }
    throw error;
  }
  const listing = decodeJson(raw, GeneratorExport, key, key);
  if (!listing.ok) throw listing.error;
  return listing.value;
}

/**
 * Builds, uploads and lists the library.
 *
 * @example
 * const { listing } = await buildGanCreatives({ store, prefix: 'gan/demo', variants: 8 });
 */
export async function buildGanCreatives(
  o: GanCreativesOptions,
): Promise<{ listing: CreativeLibraryListing; listingKey: string }> {
  const exported = await readExport(o.store, o.prefix);
  const ref = exported.generator.onnx;
  const bytes = await o.store.get(ref.key);
  const check = await verifySha256(bytes, ref.sha256, ref.key);
  if (!check.ok) throw check.error;
  const generator = await openOnnxGenerator(bytes, o.runtime ?? 'web');
  try {
    const creatives = await buildCreativeLibrary({
      store: o.store,
      generator,
      variants: o.variants,
      firstSeed: o.firstSeed,
      classes: exported.generator.categories,
      categories: o.categories,
      sizes: o.sizes,
      templates: o.templates,
      onProgress: o.onProgress,
    });
    const listing = CreativeLibraryListing.parse({
      format: 'vitrine-creative-library',
      version: 1,
      generator: ref,
      creatives,
    });
    const listingKey = libraryListingKey(o.prefix);
    await o.store.put(listingKey, new TextEncoder().encode(`${JSON.stringify(listing, null, 1)}\n`), {
      contentType: 'application/json',
    });
    return { listing, listingKey };
  } finally {
    await generator.close();
  }
}
