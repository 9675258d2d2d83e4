/**
 * The banner engine in Node: the same resvg wasm and the same Inter faces the creative Worker
 * bundles (edge/creative/render/assets.ts), read from node_modules and compiled here, so the
 * batch library renders byte-identical banners. Once per process.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type BannerEngine, type FontFace, INTER_SUBSETS, openBannerEngine } from '#shared/creatives';

const require = createRequire(import.meta.url);

/** Inter (OFL) faces: every subset the Worker bundles, regular and bold. */
const FACES: readonly { file: string; weight: FontFace['weight']; subset: FontFace['subset'] }[] =
  INTER_SUBSETS.flatMap((subset) =>
    ([400, 700] as const).map((weight) => ({
      file: `inter-${subset}-${weight}-normal.woff`,
      weight,
      subset,
    })),
  );

const bytesOf = async (specifier: string) => {
  const buffer = await readFile(require.resolve(specifier));
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
};

let engine: Promise<BannerEngine> | undefined;

/**
 * @example
 * const png = (await renderBanner(await nodeBannerEngine(), request, 'png')).bytes;
 */
export function nodeBannerEngine(): Promise<BannerEngine> {
  engine ??= (async () => {
    const [resvg, ...fonts] = await Promise.all([
      bytesOf('@resvg/resvg-wasm/index_bg.wasm').then((b) => WebAssembly.compile(b)),
      ...FACES.map((f) => bytesOf(`@fontsource/inter/files/${f.file}`)),
    ]);
    return openBannerEngine({
      resvg,
      fonts: FACES.map((f, i) => ({ subset: f.subset, weight: f.weight, data: fonts[i] as ArrayBuffer })),
    });
  })();
  return engine;
}
