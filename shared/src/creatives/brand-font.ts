/**
 * A shop's own typeface for its banners. The brand kit names its font files; the publisher
 * checks each one here before it stores them (so the Worker never meets a font it cannot read),
 * and whoever loads a kit (the creative Worker, the batch library) opens its faces and binds them
 * to the kit object with `bindBrandFaces`. The engine reads them back with `brandFacesOf`: the kit
 * object is what travels from the kit loader to every banner, so the faces travel with it
 * without widening every render call (and the frame cache is per kit object already).
 *
 * Supported: TrueType outlines (`glyf`) as `.ttf`/`.otf` or WOFF 1.0. Not supported, refused
 * with a message saying so: CFF/CFF2 outlines (`OTTO`), WOFF2 (Brotli, not in the platform's
 * streams), font collections (`ttcf`). A character the brand font lacks is drawn from Inter.
 */
import { AppError } from '#shared/errors';
import type { BrandKit } from '#shared/schemas';
import { sfntOf } from './fonts.ts';
import { SfntFont } from './sfnt.ts';

/** Largest font file accepted (a Latin+Cyrillic family face is 50–500 KB; the Worker holds it). */
export const MAX_BRAND_FONT_BYTES = 4 * 1024 * 1024;

/** The brand's faces: bold is optional (without it, bold copy uses the regular face). */
export interface BrandFaces {
  regular: SfntFont;
  bold?: SfntFont;
}

const SUPPORTED = 'use TrueType outlines (glyf) as .ttf/.otf or WOFF 1.0';
const REQUIRED_TABLES = ['head', 'hhea', 'hmtx', 'maxp', 'cmap', 'loca', 'glyf'];
const tag = (v: DataView, at: number) =>
  String.fromCharCode(v.getUint8(at), v.getUint8(at + 1), v.getUint8(at + 2), v.getUint8(at + 3));

const refuse = (name: string, why: string, cause?: unknown) =>
  new AppError('invalid_argument', `brand font ${name}: ${why}`, { field: 'fontFiles', cause });

/** The container's refusals, before any table is read. */
function checkContainer(bytes: ArrayBuffer, name: string): void {
  if (bytes.byteLength > MAX_BRAND_FONT_BYTES)
    throw refuse(name, `is ${bytes.byteLength} bytes; at most ${MAX_BRAND_FONT_BYTES} are accepted`);
  if (bytes.byteLength < 12) throw refuse(name, 'is not a font file');
  const v = new DataView(bytes);
  const signature = tag(v, 0);
  if (signature === 'wOF2')
    throw refuse(name, `is WOFF2, which is not supported (Brotli-compressed); ${SUPPORTED}`);
  if (signature === 'ttcf') throw refuse(name, `is a font collection (.ttc); ${SUPPORTED}`);
  const flavor = signature === 'wOFF' ? tag(v, 4) : signature;
  if (flavor === 'OTTO')
    throw refuse(name, `has CFF (PostScript) outlines, which are not supported; ${SUPPORTED}`);
  if (flavor !== '\0\x01\0\0' && flavor !== 'true') throw refuse(name, `is not a font file; ${SUPPORTED}`);
}

/** The table directory: tag → offset and length. */
function directory(sfnt: ArrayBuffer): Map<string, { at: number; length: number }> {
  const v = new DataView(sfnt);
  const found = new Map<string, { at: number; length: number }>();
  for (let i = 0; i < v.getUint16(4); i++) {
    const entry = 12 + i * 16;
    found.set(tag(v, entry), { at: v.getUint32(entry + 8), length: v.getUint32(entry + 12) });
  }
  return found;
}

/** Every table the banners read is present and inside the file; glyph offsets inside glyf. */
function checkTables(sfnt: ArrayBuffer, name: string): number {
  const v = new DataView(sfnt);
  const found = directory(sfnt);
  for (const [t, { at, length }] of found)
    if (at + length > sfnt.byteLength) throw refuse(name, `table ${t} runs past the end of the file`);
  if (!found.has('glyf') && (found.has('CFF ') || found.has('CFF2')))
    throw refuse(name, `has CFF (PostScript) outlines, which are not supported; ${SUPPORTED}`);
  const missing = REQUIRED_TABLES.filter((t) => !found.has(t));
  if (missing.length > 0) throw refuse(name, `lacks the ${missing.join(', ')} table(s); ${SUPPORTED}`);
  const table = (t: string) => found.get(t) as { at: number; length: number };
  const glyphs = v.getUint16(table('maxp').at + 4);
  const long = v.getInt16(table('head').at + 50) === 1;
  const loca = table('loca');
  if (loca.length < (glyphs + 1) * (long ? 4 : 2))
    throw refuse(name, 'has a loca table shorter than its glyphs');
  let previous = 0;
  for (let i = 0; i <= glyphs; i++) {
    const offset = long ? v.getUint32(loca.at + i * 4) : v.getUint16(loca.at + i * 2) * 2;
    if (offset < previous || offset > table('glyf').length)
      throw refuse(name, `has glyph ${i} outside its glyf table`);
    previous = offset;
  }
  return glyphs;
}

/**
 * Reads every glyph the cmap maps (the Basic Multilingual Plane) and its outline, so a file that
 * parses at the top but is broken inside is refused here rather than drawn wrong at the edge.
 */
function checkGlyphs(font: SfntFont, glyphs: number, name: string): number {
  if (font.unitsPerEm < 16 || font.unitsPerEm > 16384)
    throw refuse(name, `has unitsPerEm ${font.unitsPerEm}`);
  let mapped = 0;
  for (let cp = 0x20; cp <= 0xffff; cp++) {
    const gid = font.glyphOf(cp);
    if (gid === 0) continue;
    if (gid >= glyphs)
      throw refuse(name, `maps U+${cp.toString(16).toUpperCase()} to a glyph it does not have`);
    mapped++;
  }
  for (let gid = 0; gid < glyphs; gid++) {
    font.advance(gid);
    font.outline(gid);
  }
  if (mapped === 0) throw refuse(name, 'maps no Unicode character to a glyph');
  return mapped;
}

/**
 * `bytes` checked as a brand font: its container, tables, character map and every glyph outline.
 * Throws `AppError('invalid_argument')` saying what is wrong and what is supported.
 *
 * @example
 * await checkBrandFont(await readFile('Maison-Regular.ttf'), 'Maison-Regular.ttf'); // { characters: 412 }
 */
export async function checkBrandFont(bytes: ArrayBuffer, name: string): Promise<{ characters: number }> {
  checkContainer(bytes, name);
  let sfnt: ArrayBuffer;
  try {
    sfnt = await sfntOf(bytes);
  } catch (cause) {
    throw refuse(name, 'is a damaged WOFF file', cause);
  }
  const glyphs = checkTables(sfnt, name);
  try {
    return { characters: checkGlyphs(new SfntFont(sfnt), glyphs, name) };
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw refuse(name, `cannot be read (${String(cause)})`, cause);
  }
}

/** A checked brand font opened for drawing (WOFF unwrapped; glyphs read lazily). */
export async function openBrandFont(bytes: ArrayBuffer): Promise<SfntFont> {
  return new SfntFont(await sfntOf(bytes));
}

const bound = new WeakMap<BrandKit, BrandFaces>();

/** Binds the brand's opened faces to the kit object the banners will be drawn with. */
export function bindBrandFaces(kit: BrandKit, faces: BrandFaces): void {
  bound.set(kit, faces);
}

/** The faces bound to `kit` (undefined: Inter alone). */
export function brandFacesOf(kit: BrandKit): BrandFaces | undefined {
  return bound.get(kit);
}
