/**
 * The banner engine of the creative Worker: resvg's wasm imported as a module (wrangler compiles
 * `*.wasm` at deploy time — workerd cannot compile wasm at run time) and the Inter faces (OFL,
 * @fontsource/inter) imported as Data modules (the `*.woff` rule in
 * infra/creative.wrangler.toml). The same files batch/src/creatives/engine.ts reads in Node, so
 * both render the same bytes. Opened once per isolate.
 */

import inter400 from '@fontsource/inter/files/inter-latin-400-normal.woff';
import inter700 from '@fontsource/inter/files/inter-latin-700-normal.woff';
import interExt400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff';
import interExt700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff';
import resvg from '@resvg/resvg-wasm/index_bg.wasm';
import {
  type BannerEngine,
  DEFAULT_BRAND_KIT,
  encodePng,
  openBannerEngine,
  renderBanner,
} from '#shared/creatives';

let engine: Promise<BannerEngine> | undefined;

/**
 * @example
 * const png = (await renderBanner(await bannerEngine(), request, 'png')).bytes;
 */
export function bannerEngine(): Promise<BannerEngine> {
  engine ??= openBannerEngine({
    resvg,
    fonts: [
      { subset: 'latin', weight: 400, data: inter400 },
      { subset: 'latin', weight: 700, data: inter700 },
      { subset: 'latin-ext', weight: 400, data: interExt400 },
      { subset: 'latin-ext', weight: 700, data: interExt700 },
    ],
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
