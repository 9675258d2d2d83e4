/**
 * The pieces the creative stage (creative-stage.ts) assembles a version's creative sections from:
 * the live creative sections, the brand kit to publish, a retrained and gated generator, and a
 * library rendered from a generator with a kit. New blobs go to a staging store first; the
 * publish session copies them in (creative-stage.ts), so nothing reaches the model store unless
 * the whole version is committed.
 */
import { readFile } from 'node:fs/promises';
import { dirname, posix, resolve } from 'node:path';
import { bindBrandFaces, DEFAULT_BRAND_KIT } from '#shared/creatives';
import { AppError, isAppError } from '#shared/errors';
import {
  type BlobRef,
  type BrandFontFile,
  BrandKit,
  type CreativeEntry,
  type GeneratorSection,
  type Manifest,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import {
  buildCreativeLibrary,
  checkKitCoverage,
  openOnnxGenerator,
  stageBrandFonts,
  storeBrandKit,
} from '../creatives/index.ts';
import { splitUri } from '../jobs/inputs.ts';
import { readBlob } from '../publish/read.ts';
import { openStore } from '../storage/open.ts';
import type { CreativeLoopPresetValues } from './creative-presets.ts';

/**
 * The manifest sections a creative stage decides. (Item cards are not among them: the model
 * publish writes them from the catalogue with every version.)
 */
export type CreativeSections = Pick<Manifest, 'generator' | 'creatives' | 'brandKit' | 'brandFonts'>;

/** The live version's creative sections (all absent on an empty store). */
export function liveSections(live: Manifest | null): CreativeSections {
  if (live === null) return {};
  const { generator, creatives, brandKit, brandFonts } = live;
  return { generator, creatives, brandKit, brandFonts };
}

export interface ResolvedKit {
  /** The kit, with its own font faces bound when it names font files. */
  kit: BrandKit;
  ref: BlobRef;
  /** The font blobs the kit names (empty: Inter alone). */
  fonts: BlobRef[];
  /** Differs from the live version's kit (so its library was drawn with another). */
  changed: boolean;
}

async function readKitSource(source: string): Promise<unknown> {
  let text: string;
  if (source.includes('://')) {
    const { storeUri, key } = splitUri(source);
    text = new TextDecoder().decode(await openStore(storeUri).get(key));
  } else {
    text = await readFile(source, 'utf8');
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new AppError('invalid_argument', `brand kit ${source} is not JSON`, { field: 'brandKit', cause });
  }
}

/**
 * Reads one of a kit's font files: a blob of `store` (a published kit), a storage URI, or a path
 * relative to the kit `source` (a file or a storage URI).
 */
function fontReader(source: string | undefined, store: BlobStore) {
  return async (file: BrandFontFile): Promise<Uint8Array> => {
    if (typeof file !== 'string') return readBlob(store, file);
    if (file.includes('://')) {
      const { storeUri, key } = splitUri(file);
      return openStore(storeUri).get(key);
    }
    if (source === undefined) throw new Error('a font path needs a kit file to be relative to');
    if (source.includes('://')) {
      const { storeUri, key } = splitUri(source);
      return openStore(storeUri).get(posix.join(posix.dirname(key), file));
    }
    return new Uint8Array(await readFile(resolve(dirname(source), file)));
  };
}

/**
 * The kit this version publishes: `source` (validated) when given, else the live one, else the
 * built-in default — staged in `staging` so the manifest can name it, with the font files it names
 * checked and staged beside it (batch/src/creatives/brand-font.ts).
 *
 * @throws AppError('invalid_argument') naming the first bad field of the kit, `fontFiles` for a
 * font that cannot be read or is not supported, or `cta.<language>` for a CTA no font draws.
 */
export async function resolveKit(
  source: string | undefined,
  live: CreativeSections,
  store: BlobStore,
  staging: BlobStore,
): Promise<ResolvedKit> {
  let raw: unknown = DEFAULT_BRAND_KIT;
  if (source !== undefined) raw = await readKitSource(source);
  else if (live.brandKit !== undefined)
    raw = JSON.parse(new TextDecoder().decode(await readBlob(store, live.brandKit)));
  const fonts = await stageBrandFonts(raw, fontReader(source, store), staging);
  const ref = await storeBrandKit(staging, fonts.kit);
  const kit = BrandKit.parse(fonts.kit);
  if (fonts.faces !== undefined) bindBrandFaces(kit, fonts.faces);
  // A new kit only: a live one was accepted when it was published.
  if (source !== undefined) await checkKitCoverage(kit);
  return { kit, ref, fonts: fonts.refs, changed: ref.sha256 !== live.brandKit?.sha256 };
}

/**
 * Renders the library of `onnx` with `kit` into `staging` (entries without a status yet).
 *
 * @example
 * const creatives = await renderLibrary(staging, onnxBytes, generator, kit, preset, 4);
 */
export async function renderLibrary(
  staging: BlobStore,
  onnx: Uint8Array,
  section: GeneratorSection,
  kit: BrandKit,
  preset: Pick<CreativeLoopPresetValues, 'sizes' | 'templates'>,
  variants: number,
): Promise<CreativeEntry[]> {
  const generator = await openOnnxGenerator(onnx, 'web');
  try {
    return await buildCreativeLibrary({
      store: staging,
      generator,
      variants,
      classes: section.categories,
      sizes: preset.sizes,
      templates: preset.templates,
      kit,
    });
  } finally {
    await generator.close();
  }
}

/** The live generator's ONNX bytes (verified against the manifest's digest). */
export async function liveGeneratorBytes(
  store: BlobStore,
  live: CreativeSections,
): Promise<Uint8Array | null> {
  return live.generator === undefined ? null : readBlob(store, live.generator.onnx);
}

/** Whether `error` is the export's parity refusal (the only failure that keeps the live generator). */
export const isParityRefusal = (error: unknown): error is AppError =>
  isAppError(error) && error.kind === 'precondition_failed';
