/**
 * The banner engine, and the one module that imports satori and resvg: satori lays out a
 * banner's element tree (flexbox through its yoga `yoga.wasm`; text shaped by opentype.js in JS) and writes SVG with
 * every glyph as a path; resvg (Rust, `index_bg.wasm`) rasterises the SVG to PNG. Both run
 * unchanged in Node and workerd; what differs is only how a runtime gets the compiled wasm
 * modules and the font bytes (workerd cannot compile wasm at run time: it imports them as
 * modules compiled at deploy), so callers pass those in and this module initialises once per
 * isolate/process.
 *
 * Output is deterministic: the same tree and fonts give the same SVG text and PNG bytes (no
 * clocks, no randomness, text as paths so no system fonts are consulted).
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import satori, { init as initLayout } from 'satori/standalone';
import type { BannerNode } from './banner.ts';
import { sfntOf } from './fonts.ts';

/** A font face the banners use (satori accepts TTF, OTF and WOFF). */
export interface FontFace {
  name: string;
  weight: 400 | 700;
  data: ArrayBuffer;
}

/** A compiled `WebAssembly.Module` (typed loosely: shared/ has no platform types). */
export type CompiledWasm = object;

export interface EngineAssets {
  /** satori's `yoga.wasm`, compiled. */
  layout: CompiledWasm;
  /** resvg's `index_bg.wasm`, compiled. */
  resvg: CompiledWasm;
  fonts: readonly FontFace[];
}

export interface BannerEngine {
  /** The banner as SVG (text as paths, pictures embedded). */
  svg(tree: BannerNode, width: number, height: number): Promise<string>;
  /** An SVG rasterised at its own size. */
  png(svg: string): Uint8Array;
  /** RGBA pixels of an SVG at its own size (also how pictures are decoded, see picture.ts). */
  pixels(svg: string): { width: number; height: number; data: Uint8Array };
}

let ready: Promise<void> | undefined;

/**
 * satori gives every `<image>` a clip path and a mask of its own box. Our pictures and logos are
 * placed 1:1 in boxes without radius or transform, so both clip to exactly the image's rectangle
 * and change no pixel (checked on every size: identical rasters), but resvg renders a mask as a
 * separate layer: dropping them takes ~12 % off the raster time (profiled by hand, load ~5).
 */
const IMAGE_CLIP = / clip-path="url\(#satori_cp-[^"]*\)" mask="url\(#satori_om-[^"]*\)"/g;

/** `svg` without the per-image clip/mask pair (see IMAGE_CLIP); other elements keep theirs. */
export function unmaskImages(svg: string): string {
  return svg.replace(/<image [^>]*>/g, (tag) => tag.replace(IMAGE_CLIP, ''));
}

function engineOf(fonts: readonly FontFace[]): BannerEngine {
  // One array for every call: satori keeps parsed fonts per options object it has seen.
  const faces = fonts.map((f) => ({
    name: f.name,
    weight: f.weight,
    style: 'normal' as const,
    data: f.data,
  }));
  const render = (svg: string) => {
    // Pictures arrive resampled (Lanczos-3) to exactly their box, so resvg places them 1:1:
    // imageRendering 1 (optimizeSpeed, nearest) copies those pixels unchanged, where
    // optimizeQuality would run its bicubic filter over every pixel for nothing (5× slower).
    const resvg = new Resvg(svg, { fitTo: { mode: 'original' }, imageRendering: 1 });
    try {
      return resvg.render();
    } finally {
      resvg.free();
    }
  };
  return {
    svg: async (tree, width, height) =>
      unmaskImages(
        await satori(tree as Parameters<typeof satori>[0], { width, height, fonts: faces, embedFont: true }),
      ),
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

/**
 * Initialises the wasm modules (once) and returns an engine over `assets.fonts` (WOFF faces
 * unwrapped to sfnt first: fonts.ts).
 *
 * @example
 * const engine = await openBannerEngine({ layout, resvg, fonts });
 * const png = engine.png(await engine.svg(tree, 300, 250));
 */
export async function openBannerEngine(assets: EngineAssets): Promise<BannerEngine> {
  ready ??= Promise.all([initLayout(assets.layout as never), initWasm(assets.resvg as never)]).then(
    () => undefined,
  );
  let fonts: FontFace[];
  try {
    [, fonts] = await Promise.all([
      ready,
      Promise.all(assets.fonts.map(async (f) => ({ ...f, data: await sfntOf(f.data) }))),
    ]);
  } catch (error) {
    ready = undefined; // a failed init may be retried (e.g. by the next request)
    throw error;
  }
  return engineOf(fonts);
}
