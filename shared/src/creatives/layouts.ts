/**
 * Where things go on each ad-slot size. Layouts are data, not code: pixel boxes chosen by hand
 * for each IAB size so that text stays legible at the 5×7 font's integer scales.
 *
 * Text boxes give the preferred `scale`; compose.ts steps it down (to 1) when a long title does
 * not fit `w`, and truncates only as a last resort.
 */
import type { CreativeSize } from '#shared/schemas';
import type { Rect } from './raster.ts';

export interface TextBox {
  x: number;
  y: number;
  /** Available width in pixels. */
  w: number;
  scale: number;
  align: 'left' | 'center';
}

export interface Layout {
  width: number;
  height: number;
  /** Square area of the generated product image. */
  image: { x: number; y: number; size: number };
  title: TextBox;
  price: TextBox;
  /** The call-to-action button; its label is centred inside. */
  cta: Rect & { scale: number };
}

export const LAYOUTS: Readonly<Record<CreativeSize, Layout>> = {
  // 300×250: product on top, title and price centred below, full-width button at the bottom.
  'medium-rectangle': {
    width: 300,
    height: 250,
    image: { x: 85, y: 10, size: 130 },
    title: { x: 10, y: 148, w: 280, scale: 3, align: 'center' },
    price: { x: 10, y: 178, w: 280, scale: 2, align: 'center' },
    cta: { x: 60, y: 202, w: 180, h: 36, scale: 2 },
  },
  // 320×100: product left, title and price stacked, button under them.
  'mobile-banner': {
    width: 320,
    height: 100,
    image: { x: 6, y: 6, size: 88 },
    title: { x: 104, y: 10, w: 208, scale: 2, align: 'left' },
    price: { x: 104, y: 34, w: 208, scale: 2, align: 'left' },
    cta: { x: 104, y: 60, w: 140, h: 30, scale: 2 },
  },
  // 728×90: product left, copy in the middle, button on the right.
  leaderboard: {
    width: 728,
    height: 90,
    image: { x: 8, y: 5, size: 80 },
    title: { x: 104, y: 17, w: 400, scale: 4, align: 'left' },
    price: { x: 104, y: 55, w: 400, scale: 3, align: 'left' },
    cta: { x: 516, y: 22, w: 200, h: 46, scale: 3 },
  },
};
