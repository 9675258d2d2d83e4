/**
 * The banner engine after a failed open: a face that cannot be read fails that open only; the
 * resvg runtime, already initialised, stays usable, so the next open (e.g. the creative Worker's
 * next request) draws banners instead of failing for the rest of the isolate's life.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type FontFace, openBannerEngine } from '#shared/creatives';
import { nodeBannerEngine } from '../../../batch/src/creatives/engine.ts';

const require = createRequire(import.meta.url);
const bytes = async (specifier: string) => {
  const b = await readFile(require.resolve(specifier));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const latin = async (data?: ArrayBuffer): Promise<FontFace[]> =>
  Promise.all(
    ([400, 700] as const).map(async (weight) => ({
      subset: 'latin' as const,
      weight,
      data: data ?? (await bytes(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`)),
    })),
  );

describe('banner engine', () => {
  it('opens again after an open whose fonts could not be read', async () => {
    await nodeBannerEngine(); // resvg initialised, as after any earlier banner in an isolate
    const resvg = await WebAssembly.compile(await bytes('@resvg/resvg-wasm/index_bg.wasm'));
    const garbage = new Uint8Array(64).fill(7).buffer;
    await expect(openBannerEngine({ resvg, fonts: await latin(garbage) })).rejects.toThrow();
    const engine = await openBannerEngine({ resvg, fonts: await latin() });
    const png = engine.png(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    );
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  });
});
