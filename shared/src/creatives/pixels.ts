/**
 * RGBA pixel buffers and the small operations banners need on them: the generator's grayscale
 * output tinted into colour, transparency flattened onto a background, and a PNG data URL for
 * embedding in the banner's SVG. Integer results via `Math.round`, so every runtime agrees.
 */
import { encodePng } from './png.ts';

export type Rgb = readonly [number, number, number];

/** An RGBA image, row-major, 4 bytes per pixel. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/** `#1a2b3c` → [26, 43, 60]. */
export function hexRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** [26, 43, 60] → `#1a2b3c`. */
export function rgbHex(c: Rgb): string {
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** `a` moved towards `b` by `t` in [0, 1], rounded per channel. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) =>
    Math.round((a[i] as number) + ((b[i] as number) - (a[i] as number)) * t),
  ) as unknown as Rgb;
}

/**
 * A side×side grayscale generator image (values in [-1, 1]; 1 = product) as opaque RGBA,
 * coloured from `background` (−1) to `ink` (1). NaN (a broken generator) paints background.
 *
 * @example
 * const picture = tint(image, 28, [247, 245, 240], [196, 20, 92]);
 */
export function tint(image: Float32Array, side: number, background: Rgb, ink: Rgb): Pixels {
  if (image.length !== side * side) throw new Error(`image has ${image.length} values, expected ${side}²`);
  const data = new Uint8Array(side * side * 4);
  for (let i = 0; i < image.length; i++) {
    const v = image[i] as number;
    const t = Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, (v + 1) / 2));
    for (let c = 0; c < 3; c++) {
      const b = background[c] as number;
      data[i * 4 + c] = Math.round(b + ((ink[c] as number) - b) * t);
    }
    data[i * 4 + 3] = 255;
  }
  return { width: side, height: side, data };
}

/**
 * A side×side RGB generator image (values in [-1, 1], HWC) as opaque RGBA, −1 → 0 and 1 → 255.
 * NaN (a broken generator) paints black.
 */
export function rgbPixels(image: Float32Array, side: number): Pixels {
  if (image.length !== side * side * 3)
    throw new Error(`image has ${image.length} values, expected ${side}²×3`);
  const data = new Uint8Array(side * side * 4);
  for (let i = 0, o = 0; i < image.length; i += 3, o += 4) {
    for (let c = 0; c < 3; c++) {
      const v = image[i + c] as number;
      data[o + c] = Number.isNaN(v) ? 0 : Math.round(Math.min(1, Math.max(0, (v + 1) / 2)) * 255);
    }
    data[o + 3] = 255;
  }
  return { width: side, height: side, data };
}

// Node 20 and workerd both have TextDecoder; shared/ has no DOM types, so it is typed here.
const text = globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } };
const ascii = new text.TextDecoder();
const ALPHABET = new Uint8Array(64).map((_, i) =>
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i),
);
const PAD = 61; // '='

/**
 * Standard base64 of `bytes`. Written into a byte array and decoded once (the output is ASCII):
 * ~10× faster than `btoa` over `String.fromCharCode` chunks, which cost about a millisecond per
 * banner picture and far more per product photo (profiled by hand, docs/benchmarks.md).
 */
export function base64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = ALPHABET[n >> 18] as number;
    out[o++] = ALPHABET[(n >> 12) & 63] as number;
    out[o++] = ALPHABET[(n >> 6) & 63] as number;
    out[o++] = ALPHABET[n & 63] as number;
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length;
    const n = ((bytes[i] as number) << 16) | (two ? (bytes[i + 1] as number) << 8 : 0);
    out[o++] = ALPHABET[n >> 18] as number;
    out[o++] = ALPHABET[(n >> 12) & 63] as number;
    out[o++] = two ? (ALPHABET[(n >> 6) & 63] as number) : PAD;
    out[o++] = PAD;
  }
  return ascii.decode(out);
}

/**
 * An opaque picture as a `data:image/png;base64,…` URL, for an `<img>` in the banner. A banner
 * rasterised in the same request takes deflate level 0 (stored): resvg decodes the picture at
 * once, so compressing it is work done twice for nothing (about half of the picture's encode
 * time, for a longer SVG text that never leaves the isolate). An SVG that leaves the Worker takes 1.
 */
export function pngDataUrl(p: Pixels, level: 0 | 1 | 9 = 1): string {
  return `data:image/png;base64,${base64(encodePng(p, level))}`;
}
