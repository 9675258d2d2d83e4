/**
 * The banner engine of the creative Worker: resvg's wasm imported as a module (wrangler compiles
 * `*.wasm` at deploy time — workerd cannot compile wasm at run time) and the Inter faces of every
 * subset (OFL, @fontsource/inter) imported as Data modules (the `*.woff` rule in
 * infra/creative.wrangler.toml). The same files batch/src/creatives/engine.ts reads in Node, so
 * both render the same bytes. Opened once per isolate.
 */

import interCyrillic400 from '@fontsource/inter/files/inter-cyrillic-400-normal.woff';
import interCyrillic700 from '@fontsource/inter/files/inter-cyrillic-700-normal.woff';
import interCyrillicExt400 from '@fontsource/inter/files/inter-cyrillic-ext-400-normal.woff';
import interCyrillicExt700 from '@fontsource/inter/files/inter-cyrillic-ext-700-normal.woff';
import interGreek400 from '@fontsource/inter/files/inter-greek-400-normal.woff';
import interGreek700 from '@fontsource/inter/files/inter-greek-700-normal.woff';
import interGreekExt400 from '@fontsource/inter/files/inter-greek-ext-400-normal.woff';
import interGreekExt700 from '@fontsource/inter/files/inter-greek-ext-700-normal.woff';
import interLatin400 from '@fontsource/inter/files/inter-latin-400-normal.woff';
import interLatin700 from '@fontsource/inter/files/inter-latin-700-normal.woff';
import interLatinExt400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff';
import interLatinExt700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff';
import interVietnamese400 from '@fontsource/inter/files/inter-vietnamese-400-normal.woff';
import interVietnamese700 from '@fontsource/inter/files/inter-vietnamese-700-normal.woff';
import resvg from '@resvg/resvg-wasm/index_bg.wasm';
import {
  type BannerEngine,
  DEFAULT_BRAND_KIT,
  encodePng,
  type FontFace,
  openBannerEngine,
  renderBanner,
} from '#shared/creatives';

/**
 * Every Inter subset @fontsource ships, in both weights: a Data module is only bytes until the
 * engine unwraps it, which it does for Latin at start and for the others when a banner's copy
 * needs them (shared/src/creatives/faces.ts), so bundling them costs the cold path nothing.
 */
const FACES: readonly FontFace[] = [
  { subset: 'latin', weight: 400, data: interLatin400 },
  { subset: 'latin', weight: 700, data: interLatin700 },
  { subset: 'latin-ext', weight: 400, data: interLatinExt400 },
  { subset: 'latin-ext', weight: 700, data: interLatinExt700 },
  { subset: 'vietnamese', weight: 400, data: interVietnamese400 },
  { subset: 'vietnamese', weight: 700, data: interVietnamese700 },
  { subset: 'cyrillic', weight: 400, data: interCyrillic400 },
  { subset: 'cyrillic', weight: 700, data: interCyrillic700 },
  { subset: 'cyrillic-ext', weight: 400, data: interCyrillicExt400 },
  { subset: 'cyrillic-ext', weight: 700, data: interCyrillicExt700 },
  { subset: 'greek', weight: 400, data: interGreek400 },
  { subset: 'greek', weight: 700, data: interGreek700 },
  { subset: 'greek-ext', weight: 400, data: interGreekExt400 },
  { subset: 'greek-ext', weight: 700, data: interGreekExt700 },
];

let engine: Promise<BannerEngine> | undefined;

/**
 * @example
 * const png = (await renderBanner(await bannerEngine(), request, 'png')).bytes;
 */
export function bannerEngine(): Promise<BannerEngine> {
  engine ??= openBannerEngine({
    resvg,
    fonts: FACES,
  }).catch((error: unknown) => {
    engine = undefined; // let the next request try again
    throw error;
  });
  return engine;
}

/** A 16² opaque photo as PNG: the warm-up's picture (decoded, resampled and encoded like a real one). */
const warmPhoto = () =>
  encodePng({
    width: 16,
    height: 16,
    data: Uint8Array.from({ length: 16 * 16 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 29) % 256)),
  });

let warmed: Promise<void> | undefined;

/**
 * Opens the engine (resvg's wasm instantiated, the Latin faces unwrapped) and draws one
 * throwaway banner end to end — picture decode and resample, layout and glyph outlines, raster,
 * PNG — once per isolate: a fresh isolate compiles each JS and wasm function the first time it
 * runs (tens of ms in all). Started when a model goes live (services.ts): after a cron refresh
 * that is entirely off the request path; on an isolate's first request it runs while the request
 * reads the item card and picture, which measured neither better nor worse than leaving the
 * compile work to the banner itself (docs/benchmarks.md). The banner drawn is discarded.
 */
export function warmBannerEngine(): Promise<void> {
  warmed ??= bannerEngine()
    .then(async (engine) => {
      const copy = { brand: 'Vitrine', title: 'Warm up: Aa 0-9', price: '€1.99', cta: 'Shop now' };
      const picture = { kind: 'photo' as const, bytes: warmPhoto() };
      await renderBanner(
        engine,
        { size: 'mobile-banner', template: 'classic', kit: DEFAULT_BRAND_KIT, copy, picture },
        'png',
      );
    })
    .catch(() => {
      warmed = undefined; // the next request tries again (and reports the error itself)
    });
  return warmed;
}
