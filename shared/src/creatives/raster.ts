/**
 * A minimal RGBA raster: fill rectangles, draw bitmap text, paint the generated product image.
 * Integer coordinates and `Math.round` only, so every runtime writes the same bytes.
 */
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.ts';

export type Rgb = readonly [number, number, number];

/** An opaque RGBA image, row-major, 4 bytes per pixel. */
export interface Raster {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A new raster filled with `color`. */
export function createRaster(width: number, height: number, color: Rgb): Raster {
  const r: Raster = { width, height, data: new Uint8Array(width * height * 4) };
  fillRect(r, { x: 0, y: 0, w: width, h: height }, color);
  return r;
}

/** Fills `rect` (clipped to the raster) with an opaque colour. */
export function fillRect(r: Raster, rect: Rect, color: Rgb): void {
  const x0 = Math.max(0, rect.x);
  const y0 = Math.max(0, rect.y);
  const x1 = Math.min(r.width, rect.x + rect.w);
  const y1 = Math.min(r.height, rect.y + rect.h);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * r.width + x) * 4;
      r.data[i] = color[0];
      r.data[i + 1] = color[1];
      r.data[i + 2] = color[2];
      r.data[i + 3] = 255;
    }
  }
}

/** A one-pixel outline just inside `rect`. */
export function strokeRect(r: Raster, rect: Rect, color: Rgb): void {
  fillRect(r, { x: rect.x, y: rect.y, w: rect.w, h: 1 }, color);
  fillRect(r, { x: rect.x, y: rect.y + rect.h - 1, w: rect.w, h: 1 }, color);
  fillRect(r, { x: rect.x, y: rect.y, w: 1, h: rect.h }, color);
  fillRect(r, { x: rect.x + rect.w - 1, y: rect.y, w: 1, h: rect.h }, color);
}

/**
 * Draws `text` with its top-left corner at (x, y), each font cell a `scale`×`scale` square.
 * Characters without a glyph are skipped (callers validate text first).
 */
export function drawText(r: Raster, text: string, x: number, y: number, scale: number, color: Rgb): void {
  let cx = x;
  for (const ch of text) {
    const bits = glyph(ch);
    if (bits) {
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (bits[row * GLYPH_WIDTH + col]) {
            fillRect(r, { x: cx + col * scale, y: y + row * scale, w: scale, h: scale }, color);
          }
        }
      }
    }
    cx += GLYPH_ADVANCE * scale;
  }
}

/**
 * Paints a square grayscale image (values in [-1, 1], 1 = product, −1 = background) into the
 * square `box`, scaled bilinearly and coloured from `background` (−1) to `ink` (1).
 */
export function drawTinted(
  r: Raster,
  image: Float32Array,
  side: number,
  box: { x: number; y: number; size: number },
  background: Rgb,
  ink: Rgb,
): void {
  const ratio = side / box.size;
  const at = (ix: number, iy: number) => {
    const v = image[iy * side + ix] as number;
    // A NaN from a broken generator paints background rather than undefined bytes.
    return Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, (v + 1) / 2));
  };
  for (let oy = 0; oy < box.size; oy++) {
    // Pixel-centre mapping (as in image resizers), clamped at the edges.
    const sy = Math.min(side - 1, Math.max(0, (oy + 0.5) * ratio - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(side - 1, y0 + 1);
    const fy = sy - y0;
    for (let ox = 0; ox < box.size; ox++) {
      const sx = Math.min(side - 1, Math.max(0, (ox + 0.5) * ratio - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(side - 1, x0 + 1);
      const fx = sx - x0;
      const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
      const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
      const t = top * (1 - fy) + bottom * fy;
      const px = box.x + ox;
      const py = box.y + oy;
      if (px < 0 || py < 0 || px >= r.width || py >= r.height) continue;
      const i = (py * r.width + px) * 4;
      for (let c = 0; c < 3; c++) {
        r.data[i + c] = Math.round(
          (background[c] as number) + ((ink[c] as number) - (background[c] as number)) * t,
        );
      }
      r.data[i + 3] = 255;
    }
  }
}
