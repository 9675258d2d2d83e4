/**
 * The banner engine, and the one module that imports resvg: banner.ts lays a banner out and
 * writes SVG with every glyph as an outline read from the bundled Inter faces (sfnt.ts, text.ts);
 * resvg (Rust, `index_bg.wasm`) rasterises the SVG to PNG. Both run unchanged in Node and workerd;
 * what differs is only how a runtime gets the compiled wasm module and the font bytes (workerd
 * cannot compile wasm at run time: it imports it as a module compiled at deploy), so callers pass
 * those in and this module initialises once per isolate/process.
 *
 * Start-up is kept off the cold path: the Latin faces are unwrapped when the engine opens and
 * read lazily (a glyph when a banner first draws it); the Latin Extended faces only when a
 * banner's copy has a character the Latin ones lack.
 *
 * Output is deterministic: the same spec and fonts give the same SVG text and PNG bytes (no
 * clocks, no randomness, text as paths so no system fonts are consulted).
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { BannerCopy } from '#shared/schemas';
import { type BannerFonts, type BannerSpec, bannerSvgText } from './banner.ts';
import { sfntOf } from './fonts.ts';
import { SfntFont } from './sfnt.ts';
import { covers } from './text.ts';

/** A font face the banners use (TrueType, as sfnt or WOFF bytes). */
export interface FontFace {
  /** Latin faces are read first; Latin Extended only for characters the Latin ones lack. */
  subset: 'latin' | 'latin-ext';
  weight: 400 | 700;
  data: ArrayBuffer;
}

/** A compiled `WebAssembly.Module` (typed loosely: shared/ has no platform types). */
export type CompiledWasm = object;

export interface EngineAssets {
  /** resvg's `index_bg.wasm`, compiled. */
  resvg: CompiledWasm;
  fonts: readonly FontFace[];
}

export interface BannerEngine {
  /** The banner as SVG (text as paths, pictures embedded). */
  svg(spec: BannerSpec): Promise<string>;
  /** An SVG rasterised at its own size. */
  png(svg: string): Uint8Array;
  /** RGBA pixels of an SVG at its own size (also how pictures are decoded, see picture.ts). */
  pixels(svg: string): { width: number; height: number; data: Uint8Array };
}

let ready: Promise<void> | undefined;

const openFace = async (face: FontFace | undefined) =>
  face === undefined ? undefined : new SfntFont(await sfntOf(face.data));

/** The Latin faces now, the Latin Extended ones the first time a copy needs them. */
function fontChains(latin: { regular: SfntFont; bold: SfntFont }, faces: readonly FontFace[]) {
  const find = (weight: 400 | 700) => faces.find((f) => f.subset === 'latin-ext' && f.weight === weight);
  const basic: BannerFonts = { regular: [latin.regular], bold: [latin.bold] };
  let extended: Promise<BannerFonts> | undefined;
  return async (copy: BannerCopy): Promise<BannerFonts> => {
    const text = [copy.brand?.toUpperCase() ?? '', copy.title, copy.price ?? '', copy.cta, '\u2026'].join('');
    if (covers(latin.regular, text) && covers(latin.bold, text)) return basic;
    extended ??= Promise.all([openFace(find(400)), openFace(find(700))]).then(([regular, bold]) => ({
      regular: regular === undefined ? basic.regular : [latin.regular, regular],
      bold: bold === undefined ? basic.bold : [latin.bold, bold],
    }));
    return extended;
  };
}

function render(svg: string) {
  // Pictures arrive resampled (Lanczos-3) to exactly their box, so resvg places them 1:1:
  // imageRendering 1 (optimizeSpeed, nearest) copies those pixels unchanged, where
  // optimizeQuality would run its bicubic filter over every pixel for nothing (5× slower).
  const resvg = new Resvg(svg, { fitTo: { mode: 'original' }, imageRendering: 1 });
  try {
    return resvg.render();
  } finally {
    resvg.free();
  }
}

/**
 * Initialises resvg's wasm (once) and returns an engine over `assets.fonts` (WOFF faces
 * unwrapped to sfnt first: fonts.ts).
 *
 * @example
 * const engine = await openBannerEngine({ resvg, fonts });
 * const png = engine.png(await engine.svg({ size: 'leaderboard', template: 'bold', kit, copy, picture }));
 */
export async function openBannerEngine(assets: EngineAssets): Promise<BannerEngine> {
  ready ??= initWasm(assets.resvg as never);
  const face = (weight: 400 | 700) => assets.fonts.find((f) => f.subset === 'latin' && f.weight === weight);
  let regular: SfntFont | undefined;
  let bold: SfntFont | undefined;
  try {
    [, regular, bold] = await Promise.all([ready, openFace(face(400)), openFace(face(700))]);
  } catch (error) {
    ready = undefined; // a failed init may be retried (e.g. by the next request)
    throw error;
  }
  if (regular === undefined || bold === undefined)
    throw new Error('the banner engine needs Latin 400 and 700 faces');
  const fontsFor = fontChains({ regular, bold }, assets.fonts);
  return {
    svg: async (spec) => bannerSvgText(spec, await fontsFor(spec.copy)),
    png(svg) {
      const image = render(svg);
      try {
        return image.asPng();
      } finally {
        image.free();
      }
    },
    pixels(svg) {
      const image = render(svg);
      try {
        return { width: image.width, height: image.height, data: image.pixels };
      } finally {
        image.free();
      }
    },
  };
}
