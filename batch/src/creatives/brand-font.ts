/**
 * A brand kit's own font files at publish time: each file the kit names is read, checked
 * (shared/src/creatives/brand-font.ts: container, tables, character map, every glyph — a CFF,
 * WOFF2 or broken font is refused with a message saying what is supported), stored as a
 * content-addressed blob, and named in the kit by that blob; its faces are opened and bound to the
 * parsed kit so the library rendered in this run uses them. Reading the files is the caller's
 * (the pipeline resolves paths next to the kit file or storage URIs).
 */

import { type BrandFaces, checkBrandFont, codePointList, openBrandFont } from '#shared/creatives';
import { AppError } from '#shared/errors';
import { type BlobRef, type BrandFontFile, BrandKit } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { putContentAddressed } from './blobs.ts';
import { nodeBannerEngine } from './engine.ts';

export interface StagedBrandFonts {
  /** The kit as given, with `fontFiles` naming the stored blobs (unchanged without fonts). */
  kit: unknown;
  /** The stored font blobs (for the manifest's `brandFonts`). */
  refs: BlobRef[];
  /** The opened faces, to bind to the parsed kit; none without fonts. */
  faces: BrandFaces | undefined;
}

const WOFF = 0x774f4646;

async function stageOne(
  file: BrandFontFile,
  read: (file: BrandFontFile) => Promise<Uint8Array>,
  staging: BlobStore,
) {
  const name = typeof file === 'string' ? file : file.key;
  let bytes: Uint8Array;
  try {
    bytes = await read(file);
  } catch (cause) {
    throw new AppError('invalid_argument', `brand font ${name} cannot be read: ${String(cause)}`, {
      field: 'fontFiles',
      cause,
    });
  }
  const buffer = bytes.slice().buffer as ArrayBuffer; // its own buffer: the font keeps a view of it
  await checkBrandFont(buffer, name);
  const woff = bytes.length >= 4 && new DataView(buffer).getUint32(0) === WOFF;
  const ref = await putContentAddressed(staging, bytes, woff ? 'font/woff' : 'font/ttf');
  return { ref, font: await openBrandFont(buffer) };
}

/**
 * Checks and stores the font files `kit` names (a kit that does not parse is returned as it is:
 * storing it reports its first bad field).
 *
 * @throws AppError('invalid_argument', field `fontFiles`) for a file that cannot be read or is
 * not a supported font.
 * @example
 * const staged = await stageBrandFonts(rawKit, (f) => readFile(resolve(kitDir, f as string)), staging);
 */
export async function stageBrandFonts(
  kit: unknown,
  read: (file: BrandFontFile) => Promise<Uint8Array>,
  staging: BlobStore,
): Promise<StagedBrandFonts> {
  const parsed = BrandKit.safeParse(kit);
  const files = parsed.success ? parsed.data.fontFiles : undefined;
  if (files === undefined) return { kit, refs: [], faces: undefined };
  const regular = await stageOne(files.regular, read, staging);
  const bold = files.bold === undefined ? undefined : await stageOne(files.bold, read, staging);
  return {
    kit: { ...(kit as object), fontFiles: { regular: regular.ref, ...(bold && { bold: bold.ref }) } },
    refs: [regular.ref, ...(bold ? [bold.ref] : [])],
    faces: { regular: regular.font, ...(bold && { bold: bold.font }) },
  };
}

/**
 * Refuses a kit whose call to action, in some language, has characters neither its own font nor
 * Inter has: every banner in that language would show them as boxes (item titles are the
 * catalogue's and are reported per banner instead; the CTA is the kit's, so it is checked once,
 * here). `kit` has its faces bound already.
 *
 * @throws AppError('invalid_argument', field `cta.<language>`) naming the code points.
 * @example
 * await checkKitCoverage(kit); // a kit with { cta: { ar: 'تسوق الآن' } } and no Arabic font throws
 */
export async function checkKitCoverage(kit: BrandKit): Promise<void> {
  const engine = await nodeBannerEngine();
  for (const [language, cta] of Object.entries(kit.cta)) {
    const { uncovered } = await engine.frame({
      size: 'mobile-banner',
      template: 'classic',
      kit,
      copy: { title: cta, cta },
      picture: undefined,
    });
    if (uncovered.length > 0)
      throw new AppError(
        'invalid_argument',
        `brand kit cta.${language} "${cta}" has characters no font of the kit draws (${codePointList(uncovered)}): add font files that have them (fontFiles) or change the text`,
        { field: `cta.${language}` },
      );
  }
}
