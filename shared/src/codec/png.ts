/**
 * The one PNG writer: signature, IHDR, one IDAT, IEND, each chunk with its CRC. Callers bring the
 * zlib stream of the filtered rows, so the compressor stays their choice: the creative Worker
 * deflates banners with fflate (creatives/png.ts); the recommend Worker's demo pictures use stored
 * (uncompressed) deflate blocks, because a 28×28 picture is ~0.9 KB either way and a deflate
 * implementation in that bundle would buy nothing.
 */
import { crc32 } from '#shared/crypto';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHUNK_OVERHEAD = 12;
const MAX_STORED = 65_535;

/** PNG colour types used here: 0 = 8-bit grey, 2 = 8-bit RGB, 3 = 8-bit palette indices. */
export type PngColour = 0 | 2 | 3;

function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}

/** Writes chunk `type` with `body` at `at`; returns the offset after it. */
function writeChunk(out: Uint8Array, at: number, type: string, body: Uint8Array): number {
  writeU32(out, at, body.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(body, at + 8);
  writeU32(out, at + 8 + body.length, crc32(out.subarray(at + 4, at + 8 + body.length)));
  return at + CHUNK_OVERHEAD + body.length;
}

/**
 * PNG bytes around `zlibRows`, the zlib stream of the image's filtered rows (a filter byte per
 * row, then the row's samples); colour type 3 takes its `palette` (RGB triples, PLTE).
 *
 * @example
 * const png = pngFile(28, 28, 0, zlibStored(rows));
 */
export function pngFile(
  width: number,
  height: number,
  colour: PngColour,
  zlibRows: Uint8Array,
  palette?: Uint8Array,
): Uint8Array<ArrayBuffer> {
  if ((colour === 3) !== (palette !== undefined)) throw new Error('a palette goes with colour type 3 only');
  const plte = palette === undefined ? 0 : CHUNK_OVERHEAD + palette.length;
  const header = new Uint8Array(13);
  writeU32(header, 0, width);
  writeU32(header, 4, height);
  // Bit depth 8, the colour type, deflate, adaptive filtering method, no interlace.
  header.set([8, colour, 0, 0, 0], 8);
  const out = new Uint8Array(SIGNATURE.length + 3 * CHUNK_OVERHEAD + header.length + plte + zlibRows.length);
  out.set(SIGNATURE, 0);
  let at = writeChunk(out, SIGNATURE.length, 'IHDR', header);
  if (palette !== undefined) at = writeChunk(out, at, 'PLTE', palette);
  at = writeChunk(out, at, 'IDAT', zlibRows);
  writeChunk(out, at, 'IEND', new Uint8Array(0));
  return out;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65_521;
    b = (b + a) % 65_521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored (uncompressed) deflate blocks: valid input for any inflater. */
export function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / MAX_STORED));
  const out = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  out[0] = 0x78; // deflate, 32 KiB window
  out[1] = 0x01; // no dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = raw.subarray(b * MAX_STORED, Math.min(raw.length, (b + 1) * MAX_STORED));
    out[at] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE=00 (stored)
    out[at + 1] = part.length & 0xff;
    out[at + 2] = part.length >>> 8;
    out[at + 3] = ~part.length & 0xff;
    out[at + 4] = (~part.length >>> 8) & 0xff;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  writeU32(out, at, adler32(raw));
  return out;
}

/**
 * PNG bytes of a `width`×`height` 8-bit grey image (row-major, 0 = black), stored uncompressed.
 *
 * @example
 * const png = encodeGreyPng(pixels, 28, 28);
 */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array<ArrayBuffer> {
  const raw = new Uint8Array(height * (width + 1)); // each row: filter byte 0 (none) + pixels
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return pngFile(width, height, 0, zlibStored(raw));
}
