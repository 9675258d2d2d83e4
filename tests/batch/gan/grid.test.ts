/** Sample grids: tiled, scaled, gapped, inverted on request, encoded by the project's PNG encoder. */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { encodeGridPng } from '../../../batch/src/models/gan/grid.ts';

describe('encodeGridPng', () => {
  it('tiles grey images with gaps and scale, as RGB with equal channels', () => {
    // Two 2×2 images: the first all 200, the second all 10.
    const images = Uint8Array.from([200, 200, 200, 200, 10, 10, 10, 10]);
    const png = decode(encodeGridPng(images, 2, { cols: 2, scale: 2, gap: 1 }));
    expect([png.width, png.height, png.channels]).toEqual([2 * 4 + 3, 4 + 2, 3]);
    const at = (x: number, y: number) =>
      Array.from(png.data.subarray((y * png.width + x) * 3, (y * png.width + x) * 3 + 3));
    expect(at(0, 0)).toEqual([32, 32, 32]); // gap
    expect(at(1, 1)).toEqual([200, 200, 200]); // first image
    expect(at(4, 4)).toEqual([200, 200, 200]); // its scaled corner
    expect(at(6, 1)).toEqual([10, 10, 10]); // second image
  });

  it('keeps colour images’ channels and inverts on request', () => {
    const rgb = Uint8Array.from([255, 0, 0]); // one 1×1 red image
    const png = decode(encodeGridPng(rgb, 1, { cols: 1, scale: 1, gap: 0, channels: 3, invert: true }));
    expect(Array.from(png.data.subarray(0, 3))).toEqual([0, 255, 255]);
  });
});
