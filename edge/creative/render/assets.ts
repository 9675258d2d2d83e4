/**
 * The banner engine of the creative Worker: satori's and resvg's wasm imported as modules
 * (wrangler compiles `*.wasm` at deploy time — workerd cannot compile wasm at run time) and the
 * Inter faces (OFL, @fontsource/inter) imported as Data modules (the `*.woff` rule in
 * infra/creative.wrangler.toml). The same files batch/src/creatives/engine.ts reads in Node, so
 * both render the same bytes. Opened once per isolate.
 */

import inter400 from '@fontsource/inter/files/inter-latin-400-normal.woff';
import inter700 from '@fontsource/inter/files/inter-latin-700-normal.woff';
import interExt400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff';
import interExt700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff';
import resvg from '@resvg/resvg-wasm/index_bg.wasm';
import layout from 'satori/yoga.wasm';
import { BANNER_FONT_NAMES, type BannerEngine, openBannerEngine } from '#shared/creatives';

let engine: Promise<BannerEngine> | undefined;
let warmed: Promise<void> | undefined;

/**
 * @example
 * const png = (await renderBanner(await bannerEngine(), request, 'png')).bytes;
 */
export function bannerEngine(): Promise<BannerEngine> {
  engine ??= openBannerEngine({
    layout,
    resvg,
    fonts: [
      { name: BANNER_FONT_NAMES.latin, weight: 400, data: inter400 },
      { name: BANNER_FONT_NAMES.latin, weight: 700, data: inter700 },
      { name: BANNER_FONT_NAMES.latinExt, weight: 400, data: interExt400 },
      { name: BANNER_FONT_NAMES.latinExt, weight: 700, data: interExt700 },
    ],
  }).catch((error: unknown) => {
    engine = undefined; // let the next request try again
    throw error;
  });
  return engine;
}

/**
 * Opens the engine and lays out a line in both weights, so the fonts are parsed (satori keeps
 * them per isolate) before the first banner is asked for: started next to the generator's
 * session when a model goes live, it takes the first request's largest one-off cost off its path.
 */
export function warmBannerEngine(): Promise<void> {
  warmed ??= bannerEngine()
    .then(async (e) => {
      const text = (fontWeight: number) => ({
        type: 'div' as const,
        props: { style: { fontWeight }, children: 'Aa' },
      });
      const style = { display: 'flex', fontFamily: BANNER_FONT_NAMES.latin };
      await e.svg({ type: 'div', props: { style, children: [text(400), text(700)] } }, 16, 16);
    })
    .catch(() => {
      warmed = undefined;
    });
  return warmed;
}
