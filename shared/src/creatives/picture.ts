/**
 * A banner's picture, from either source, as a PNG data URL already resampled (Lanczos-3) to the
 * layout's square box: the generator's image — grey ones tinted in the template's colours, RGB
 * ones as drawn — or the product's own photo (PNG or JPEG bytes) fitted inside the box on the
 * banner's background. A grey image is resampled as one channel of 256 levels and written as a
 * palette PNG whose 256 colours are the tint ramp: a third of the bytes of RGB, which resvg then
 * reads, decodes and draws faster (the warm banner budget, docs/benchmarks.md).
 *
 * PNG photos are decoded in JavaScript (png-decode.ts); JPEGs, and PNGs that decoder leaves out,
 * by the banner engine itself (resvg renders a one-image SVG at the photo's own size: no
 * resampling there, and no JPEG decoder to ship); then resampled here.
 */
import { AppError } from '#shared/errors';
import type { BannerEngine } from './engine.ts';
import { RecentPictures } from './picture-cache.ts';
import { base64, type Pixels, pngDataUrl, type Rgb, rgbHex, rgbPixels, tint } from './pixels.ts';
import { encodeIndexedPng } from './png.ts';
import { decodePngOver } from './png-decode.ts';
import { resample, resampleGrey } from './resample.ts';

/** Largest photo side decoded (a 4096² RGBA photo is 64 MiB of the isolate's 128). */
export const MAX_PICTURE_SIDE = 4096;

/** `image`: side×side×c values in [-1, 1], row-major HWC; c = 1 (grey) or 3 (RGB). */
export type PictureSource =
  | { kind: 'generated'; image: Float32Array; side: number }
  | { kind: 'photo'; bytes: Uint8Array };

const u16be = (b: Uint8Array, at: number) => ((b[at] as number) << 8) | (b[at + 1] as number);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 65536 + u16be(b, at + 2);

/** Type and pixel size of PNG or JPEG bytes, read from their headers; undefined for anything else. */
export function sniffImage(
  b: Uint8Array,
): { mime: 'image/png' | 'image/jpeg'; width: number; height: number } | undefined {
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { mime: 'image/png', width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mime: 'image/jpeg', height: u16be(b, at + 5), width: u16be(b, at + 7) };
    }
    at += 2 + u16be(b, at + 2);
  }
  return undefined;
}

/** The photo's RGBA pixels over `background`, at its own size. */
function decodePhoto(engine: BannerEngine, bytes: Uint8Array, background: Rgb): Pixels {
  const info = sniffImage(bytes);
  if (info === undefined) throw new AppError('invalid_argument', 'the picture is not a PNG or JPEG');
  const { width, height, mime } = info;
  if (width < 1 || height < 1 || width > MAX_PICTURE_SIDE || height > MAX_PICTURE_SIDE) {
    throw new AppError(
      'invalid_argument',
      `the picture is ${width}×${height}; at most ${MAX_PICTURE_SIDE} a side`,
    );
  }
  const decoded = mime === 'image/png' ? decodePngOver(bytes, background) : undefined;
  if (decoded !== undefined) return decoded;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" fill="${rgbHex(background)}"/>` +
    `<image width="${width}" height="${height}" xlink:href="data:${mime};base64,${base64(bytes)}"/></svg>`;
  return engine.pixels(svg);
}

/** `p` scaled to fit a `side` square (aspect kept), centred on `background`. */
function fitSquare(p: Pixels, side: number, background: Rgb): Pixels {
  const scale = side / Math.max(p.width, p.height);
  const w = Math.max(1, Math.round(p.width * scale));
  const h = Math.max(1, Math.round(p.height * scale));
  const fitted = resample(p, w, h);
  if (w === side && h === side) return fitted;
  const data = new Uint8Array(side * side * 4);
  for (let i = 0; i < data.length; i += 4) data.set([background[0], background[1], background[2], 255], i);
  const x0 = Math.floor((side - w) / 2);
  const y0 = Math.floor((side - h) / 2);
  for (let y = 0; y < h; y++) {
    data.set(fitted.data.subarray(y * w * 4, (y + 1) * w * 4), ((y0 + y) * side + x0) * 4);
  }
  return { width: side, height: side, data };
}

/** The 256 colours from `background` (level 0) to `ink` (255): `tint` of 256 evenly spaced values. */
function tintRamp(background: Rgb, ink: Rgb): Uint8Array {
  const rgba = tint(
    Float32Array.from({ length: 256 }, (_, g) => (g / 255) * 2 - 1),
    16,
    background,
    ink,
  ).data;
  return Uint8Array.from({ length: 256 * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)] as number);
}

/**
 * A grey generator image (values in [-1, 1]; NaN, a broken generator, paints background) as a
 * `box`² palette PNG data URL: levels 0–255, resampled, over the tint ramp.
 */
function greyPictureUrl(
  image: Float32Array,
  side: number,
  box: number,
  background: Rgb,
  ink: Rgb,
  level: 0 | 1,
) {
  const levels = new Uint8Array(side * side);
  for (let i = 0; i < levels.length; i++) {
    const v = image[i] as number;
    levels[i] = Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, (v + 1) / 2)) * 255);
  }
  const png = encodeIndexedPng(
    resampleGrey(levels, side, side, box, box),
    box,
    box,
    tintRamp(background, ink),
    level,
  );
  return `data:image/png;base64,${base64(png)}`;
}

/** An RGB generator image as opaque RGBA, as drawn. */
function rgbGeneratedPixels(image: Float32Array, side: number): Pixels {
  if (image.length === side * side * 3) return rgbPixels(image, side);
  throw new Error(`generator image has ${image.length} values: not ${side}² grey or ${side}²×3 RGB`);
}

/** Pictures drawn lately (picture-cache.ts): the same photo or generator image is drawn once. */
const recent = new RecentPictures();

/**
 * The picture for a `side`-pixel box, as a PNG data URL. A photo that is not a PNG/JPEG, or too
 * large, is `invalid_argument` (callers fall back to a generated picture).
 *
 * @example
 * const url = pictureDataUrl(engine, { kind: 'generated', image, side: 28 }, 112, paper, ink);
 */
export function pictureDataUrl(
  engine: BannerEngine,
  source: PictureSource,
  side: number,
  background: Rgb,
  ink: Rgb,
  /** Deflate level of the PNG (see pngDataUrl): 0 for a banner rasterised at once. */
  level: 0 | 1 = 1,
): string {
  const bytes =
    source.kind === 'photo'
      ? source.bytes
      : new Uint8Array(source.image.buffer, source.image.byteOffset, source.image.byteLength);
  const how = `${source.kind}|${source.kind === 'generated' ? source.side : ''}|${side}|${background}|${ink}|${level}`;
  return recent.get(bytes, how, () => {
    if (source.kind === 'photo')
      return pngDataUrl(fitSquare(decodePhoto(engine, source.bytes, background), side, background), level);
    if (source.image.length === source.side * source.side)
      return greyPictureUrl(source.image, source.side, side, background, ink, level);
    return pngDataUrl(resample(rgbGeneratedPixels(source.image, source.side), side, side), level);
  });
}
