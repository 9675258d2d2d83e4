/**
 * The banner engine, and the one module that imports resvg: banner.ts lays a banner out and
 * writes SVG with every glyph as an outline read from the bundled Inter faces (sfnt.ts, text.ts);
 * resvg (Rust, `index_bg.wasm`) rasterises the SVG to PNG. Both run unchanged in Node and workerd;
 * what differs is only how a runtime gets the compiled wasm module and the font bytes (workerd
 * cannot compile wasm at run time: it imports it as a module compiled at deploy), so callers pass
 * those in and this module initialises once per isolate/process.
 *
 * Start-up is kept off the cold path: the Latin faces are unwrapped when the engine opens and
 * read lazily (a glyph when a banner first draws it); the other Inter subsets (Latin Extended,
 * Vietnamese, Cyrillic, Greek: faces.ts) only when a banner's copy has a character in their
 * range, and a brand kit's own faces (brand-font.ts) come first when the kit has them.
 *
 * Output is deterministic: the same spec and fonts give the same SVG text and PNG bytes (no
 * clocks, no randomness, text as paths so no system fonts are consulted).
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { type BannerSpec, bannerSvgText } from './banner.ts';
import { brandFacesOf } from './brand-font.ts';
import { copyFaces } from './coverage.ts';
import { type FontFace, InterFaces } from './faces.ts';

export type { FontFace } from './faces.ts';

/** A compiled `WebAssembly.Module` (typed loosely: shared/ has no platform types). */
export type CompiledWasm = object;

export interface EngineAssets {
  /** resvg's `index_bg.wasm`, compiled. */
  resvg: CompiledWasm;
  /** Inter's faces by subset: `latin` is required, the others are opened when copy needs them. */
  fonts: readonly FontFace[];
}

/** A banner's SVG and the code points of its copy that no face has (coverage.ts). */
export interface BannerFrame {
  svg: string;
  uncovered: readonly number[];
}

export interface BannerEngine {
  /** The banner as SVG (text as paths, pictures embedded). */
  svg(spec: BannerSpec): Promise<string>;
  /** The banner as SVG, with what its copy lacks. */
  frame(spec: BannerSpec): Promise<BannerFrame>;
  /** An SVG rasterised at its own size. */
  png(svg: string): Uint8Array;
  /** RGBA pixels of an SVG at its own size (also how pictures are decoded, see picture.ts). */
  pixels(svg: string): { width: number; height: number; data: Uint8Array };
}

let ready: Promise<void> | undefined;

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
  // Only resvg's own failure clears it for a retry: resvg initialises once per isolate, so
  // clearing it after a font failure would make every later open throw "Already initialized".
  ready ??= initWasm(assets.resvg as never).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  const inter = new InterFaces(assets.fonts);
  const [, latin] = await Promise.all([ready, inter.open('latin')]);
  if (latin === undefined) throw new Error('the banner engine needs Latin 400 and 700 faces');
  const frame = async (spec: BannerSpec): Promise<BannerFrame> => {
    const { copy, fonts, uncovered } = await copyFaces(spec.copy, latin, inter, brandFacesOf(spec.kit));
    return { svg: bannerSvgText({ ...spec, copy }, fonts), uncovered };
  };
  return {
    frame,
    svg: async (spec) => (await frame(spec)).svg,
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
