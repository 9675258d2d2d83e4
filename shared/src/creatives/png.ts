/**
 * PNG encoding of banners: the shared PNG writer (codec/png.ts) around fflate's deflate (pure
 * JS, bundles for workerd). Everything is pinned — 8-bit RGB, filter, deflate level, no text
 * chunks — so the same pixels always give the same bytes, in Node and in workerd, and a
 * creative's URL, ETag and content hash can be derived from its inputs.
 *
 * Why not fast-png's encoder (used before): it writes RGBA with no row filter through a
 * byte-at-a-time buffer, and that plus deflate dominated a banner's time. Banners are opaque, so
 * RGB drops a quarter of the input; the Up filter turns rows that repeat the row above (flat
 * fields, the button, glyph rows) into runs of zeros. Of None/Sub/Up/Paeth, Up gave the smallest
 * files on the three banner sizes (libpng's adaptive per-row choice was no smaller and slower);
 * level 6 is zlib's balance between level 3 (faster, bigger) and 9 (much slower, a little
 * smaller). The measured figures behind this choice are in docs/benchmarks.md (creatives).
 */
import { zlibSync } from 'fflate';
import { pngFile } from '#shared/codec';
import type { Pixels } from './pixels.ts';

/** fflate level (zlib's default balance): see above for 3 and 9. */
const DEFAULT_LEVEL = 6;
/** PNG filter type 2 ("Up"): each byte minus the byte above it. */
const FILTER_UP = 2;

/** Rows of RGB (alpha dropped: banner pictures are flattened first), each Up-filtered. */
function filteredRows(r: Pixels): Uint8Array {
  const { width, height, data } = r;
  const stride = width * 3;
  const out = new Uint8Array(height * (stride + 1));
  let o = 0;
  for (let y = 0; y < height; y++) {
    out[o++] = FILTER_UP;
    let s = y * width * 4;
    // The row above, in RGBA; row 0 has none (all zeros, as the PNG spec defines).
    let up = s - width * 4;
    if (y === 0) {
      for (let x = 0; x < width; x++, s += 4) {
        out[o++] = data[s] as number;
        out[o++] = data[s + 1] as number;
        out[o++] = data[s + 2] as number;
      }
      continue;
    }
    for (let x = 0; x < width; x++, s += 4, up += 4) {
      out[o++] = ((data[s] as number) - (data[up] as number)) & 0xff;
      out[o++] = ((data[s + 1] as number) - (data[up + 1] as number)) & 0xff;
      out[o++] = ((data[s + 2] as number) - (data[up + 2] as number)) & 0xff;
    }
  }
  return out;
}

/**
 * Encodes opaque RGBA pixels as an 8-bit RGB PNG (alpha is dropped).
 *
 * @example
 * const png = encodePng(tint(image, 28, paper, ink));
 */
export function encodePng(r: Pixels, level: 0 | 1 | 6 | 9 = DEFAULT_LEVEL): Uint8Array {
  return pngFile(r.width, r.height, 2, zlibSync(filteredRows(r), { level }));
}

/**
 * Encodes 8-bit palette indices (`width`×`height`, row-major) with their `palette` (RGB triples)
 * as an indexed-colour PNG: a third of the bytes of RGB for pictures of at most 256 colours (a
 * grey generator image tinted in two colours). Rows are not filtered, as the PNG spec advises
 * for palette images.
 *
 * @example
 * const png = encodeIndexedPng(levels, 112, 112, ramp, 0);
 */
export function encodeIndexedPng(
  indices: Uint8Array,
  width: number,
  height: number,
  palette: Uint8Array,
  level: 0 | 1 | 6 | 9 = DEFAULT_LEVEL,
): Uint8Array {
  const rows = new Uint8Array(height * (width + 1));
  // Filter type 0 (None) is the zero each row starts with.
  for (let y = 0; y < height; y++)
    rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return pngFile(width, height, 3, zlibSync(rows, { level }), palette);
}
