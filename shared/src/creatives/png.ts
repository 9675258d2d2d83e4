/**
 * PNG encoding with fast-png (pure JS, bundles for workerd). Options are pinned — 8-bit RGBA,
 * no text chunks, fixed deflate level — so the same raster always gives the same bytes and a
 * creative's URL, ETag and content hash can be derived from its inputs.
 */
import { encode } from 'fast-png';
import type { Raster } from './raster.ts';

/** Deflate level: 6 is zlib's default balance; banners are mostly flat colour and compress well. */
const DEFLATE_LEVEL = 6;

/** Encodes an RGBA raster as PNG bytes. */
export function encodePng(r: Raster): Uint8Array {
  return encode(
    { width: r.width, height: r.height, data: r.data, depth: 8, channels: 4 },
    { zlib: { level: DEFLATE_LEVEL } },
  );
}
