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
import { type BannerEngine, openBannerEngine } from '#shared/creatives';

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

/**
 * Opens the engine (resvg's wasm instantiated, the Latin faces unwrapped) before the first banner
 * is asked for: started next to the generator's session when a model goes live, it takes that
 * one-off cost off the first request's path.
 */
export function warmBannerEngine(): Promise<void> {
  return bannerEngine().then(
    () => undefined,
    () => undefined,
  );
}
