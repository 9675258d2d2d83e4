/**
 * The geometry of each ad-slot size: canvas, the square picture box, and type sizes. banner.ts
 * places everything else from these, so long copy is ellipsised instead of overflowing.
 */
import type { CreativeSize } from '#shared/schemas';

export interface Layout {
  width: number;
  height: number;
  /** `column`: picture on top, copy below; `row`: picture left, copy right. */
  direction: 'column' | 'row';
  /** Side of the square picture box, in pixels. */
  picture: number;
  /** Font sizes in pixels. */
  type: { brand: number; title: number; price: number; cta: number };
  /** Lines the title may take before it is ellipsised. */
  titleLines: number;
  /** Height of the logo when the kit has one. */
  logo: number;
  padding: number;
}

export const LAYOUTS: Readonly<Record<CreativeSize, Layout>> = {
  // 300×250: product on top, brand/title/price centred below, button at the bottom.
  'medium-rectangle': {
    width: 300,
    height: 250,
    direction: 'column',
    picture: 112,
    type: { brand: 11, title: 17, price: 16, cta: 14 },
    titleLines: 1,
    logo: 20,
    padding: 10,
  },
  // 320×100: product left; brand, title, then price and button side by side.
  'mobile-banner': {
    width: 320,
    height: 100,
    direction: 'row',
    picture: 84,
    type: { brand: 10, title: 15, price: 14, cta: 12 },
    titleLines: 1,
    logo: 14,
    padding: 8,
  },
  // 728×90: product left, copy in the middle, button on the right.
  leaderboard: {
    width: 728,
    height: 90,
    direction: 'row',
    picture: 74,
    type: { brand: 11, title: 22, price: 17, cta: 16 },
    titleLines: 1,
    logo: 22,
    padding: 8,
  },
};
