/**
 * Sample grids as PNG (the project's one encoder, #shared/creatives' encodePng: 8-bit RGB): one
 * row per category, for benchmarks and the CLI.
 */
import { encodePng } from '#shared/creatives';

export interface GridOptions {
  /** Images per row. */
  cols: number;
  /** Integer upscaling factor (nearest neighbour), so 28-px items are visible. */
  scale?: number;
  /** Gap between cells in output pixels. */
  gap?: number;
  /** Invert so items are dark on white, as product shots are shown. */
  invert?: boolean;
  /** 1 (grey, default) or 3 (RGB) bytes per pixel. */
  channels?: number;
}

/**
 * Tiles n `side × side` images (bytes, row-major, interleaved channels) into a grid and encodes
 * it as an 8-bit RGB PNG (grey images as equal channels).
 *
 * @example
 * writeFileSync('var/grid.png', encodeGridPng(pixels, 28, { cols: 10, scale: 2 }));
 */
export function encodeGridPng(images: Uint8Array, side: number, options: GridOptions): Uint8Array {
  const { cols } = options;
  const scale = options.scale ?? 2;
  const gap = options.gap ?? 2;
  const ch = options.channels ?? 1;
  const n = images.length / (side * side * ch);
  const rows = Math.ceil(n / cols);
  const cell = side * scale;
  const width = cols * cell + (cols + 1) * gap;
  const height = rows * cell + (rows + 1) * gap;
  // RGBA, what encodePng takes (it writes RGB): grey images fill the three colour channels.
  const data = new Uint8Array(width * height * 4).fill(options.invert ? 255 : 32);
  for (let k = 0; k < n; k++) {
    const x0 = gap + (k % cols) * (cell + gap);
    const y0 = gap + Math.floor(k / cols) * (cell + gap);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) {
        const src = ((k * side + Math.floor(y / scale)) * side + Math.floor(x / scale)) * ch;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        for (let c = 0; c < 3; c++) {
          const v = images[src + (ch === 1 ? 0 : c)] ?? 0;
          data[dst + c] = options.invert ? 255 - v : v;
        }
      }
    }
  }
  return encodePng({ width, height, data });
}
