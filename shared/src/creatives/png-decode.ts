/**
 * PNG product photos decoded in JavaScript by fast-png (the project's PNG library; its inflate
 * is fflate, which the banner PNG writer already bundles) and flattened onto the banner's
 * background. resvg could decode them too, and still does JPEGs and what this leaves out, but
 * its decode + render at the photo's size was the largest part of a cold item banner: 127 ms
 * first and 31 ms warm for a 600² photo against ~20 ms and ~8 ms here (docs/benchmarks.md) —
 * the hot loops are plain JS that V8 optimises while they run, where a wasm function stays in
 * its first-tier code for the call that compiled it.
 *
 * Covered: 8- and 16-bit grey, grey + alpha, RGB and RGBA, and palette images (any depth, with
 * transparent entries). Left to resvg (undefined): 1–4-bit grey, a grey or RGB image's single
 * transparent colour (tRNS), and bytes fast-png refuses.
 */
import { convertIndexedToRgb, decode } from 'fast-png';
import type { Pixels, Rgb } from './pixels.ts';

/**
 * The photo's pixels over `background` (opaque RGBA), or undefined when it is not a PNG this
 * covers (or is damaged).
 *
 * @example
 * const pixels = decodePngOver(bytes, [247, 245, 240]) ?? decodeWithResvg(bytes);
 */
export function decodePngOver(bytes: Uint8Array, background: Rgb): Pixels | undefined {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: false });
  } catch {
    return undefined;
  }
  const { width, height } = png;
  if (png.palette !== undefined) {
    const rgb = convertIndexedToRgb(png);
    return flatten(rgb, rgb.length / (width * height), 0, width, height, background);
  }
  if ((png.depth !== 8 && png.depth !== 16) || png.transparency !== undefined) return undefined;
  return flatten(png.data, png.channels, png.depth === 16 ? 8 : 0, width, height, background);
}

/**
 * Samples (`channels` per pixel: grey, grey + alpha, RGB, RGBA; shifted right by `shift` to 8
 * bits) → opaque RGBA over `background`, alpha blended and rounded.
 */
function flatten(
  samples: ArrayLike<number>,
  channels: number,
  shift: number,
  width: number,
  height: number,
  background: Rgb,
): Pixels | undefined {
  if (![1, 2, 3, 4].includes(channels) || samples.length < width * height * channels) return undefined;
  const data = new Uint8Array(width * height * 4);
  const grey = channels < 3;
  const alphaAt = channels === 2 || channels === 4 ? channels - 1 : -1;
  const [br, bg, bb] = background;
  for (let i = 0, s = 0, o = 0; i < width * height; i++, s += channels, o += 4) {
    const r = (samples[s] as number) >> shift;
    const g = grey ? r : (samples[s + 1] as number) >> shift;
    const b = grey ? r : (samples[s + 2] as number) >> shift;
    const a = alphaAt < 0 ? 255 : (samples[s + alphaAt] as number) >> shift;
    if (a === 255) {
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    } else {
      data[o] = Math.round((r * a + br * (255 - a)) / 255);
      data[o + 1] = Math.round((g * a + bg * (255 - a)) / 255);
      data[o + 2] = Math.round((b * a + bb * (255 - a)) / 255);
    }
    data[o + 3] = 255;
  }
  return { width, height, data };
}
