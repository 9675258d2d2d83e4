import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { encodeGreyPng, pngFile, zlibStored } from '#shared/codec';
import { encodePng } from '#shared/creatives';

describe('the one PNG writer (shared/src/codec/png.ts)', () => {
  it('writes grey pictures, stored uncompressed, that decode to the same pixels', () => {
    const pixels = new Uint8Array(28 * 28).map((_, i) => (i * 7) % 256);
    const decoded = decode(encodeGreyPng(pixels, 28, 28));
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([28, 28, 1, 8]);
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });

  it('splits rows over 65,535 bytes into several stored deflate blocks', () => {
    const side = 300; // 300 × 301 = 90,300 raw bytes: two stored blocks
    const pixels = new Uint8Array(side * side).map((_, i) => (i * 13 + (i >> 9)) % 256);
    const png = encodeGreyPng(pixels, side, side);
    expect(png.length).toBeGreaterThan(side * side); // stored, not compressed
    expect(Array.from(decode(png).data)).toEqual(Array.from(pixels));
  });

  it('is what the banner encoder wraps its deflated RGB rows in', () => {
    const width = 3;
    const height = 2;
    const data = new Uint8Array(width * height * 4).map((_, i) => (i % 4 === 3 ? 255 : i * 9));
    const banner = encodePng({ width, height, data }, 0);
    const rows = new Uint8Array(height * (width * 3 + 1));
    // Up filter (type 2) per row, as creatives/png.ts writes them.
    for (let y = 0; y < height; y++) {
      rows[y * (width * 3 + 1)] = 2;
      for (let x = 0; x < width * 3; x++) {
        const at = (y * width + Math.floor(x / 3)) * 4 + (x % 3);
        const up = y === 0 ? 0 : data[at - width * 4]!;
        rows[y * (width * 3 + 1) + 1 + x] = (data[at]! - up) & 0xff;
      }
    }
    expect(decode(pngFile(width, height, 2, zlibStored(rows))).data).toEqual(decode(banner).data);
    expect(Array.from(decode(banner).data)).toEqual(Array.from(data.filter((_, i) => i % 4 !== 3)));
  });
});
