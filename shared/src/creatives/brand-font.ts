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
import type { BrandKit } from '#shared/schemas';
import type { SfntFont } from './sfnt.ts';

/** The brand's faces: bold is optional (without it, bold copy uses the regular face). */
export interface BrandFaces {
  regular: SfntFont;
  bold?: SfntFont;
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
