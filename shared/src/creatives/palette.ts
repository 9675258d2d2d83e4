/**
 * Per-category look and default copy, shared by the batch library and the edge Worker so an
 * on-demand banner and a prebuilt one for the same (category, seed, size, template) match.
 * Prices are demo placeholders; a storefront overrides them through the copy.
 */
import type { Category, CreativeCopy, CreativeTemplate } from '#shared/schemas';
import type { Rgb } from './raster.ts';

export const CATEGORY_STYLE: Readonly<Record<Category, { color: Rgb; copy: CreativeCopy }>> = {
  tshirt: { color: [214, 69, 38], copy: { title: 'T-shirts', price: '€19.99', cta: 'Shop now >' } },
  trouser: { color: [36, 112, 160], copy: { title: 'Trousers', price: '€49.99', cta: 'Shop now >' } },
  pullover: { color: [112, 44, 170], copy: { title: 'Pullovers', price: '€39.99', cta: 'Shop now >' } },
  dress: { color: [196, 20, 92], copy: { title: 'Dresses', price: '€59.99', cta: 'Shop now >' } },
  coat: { color: [55, 60, 92], copy: { title: 'Coats', price: '€89.99', cta: 'Shop now >' } },
  sandal: { color: [200, 120, 40], copy: { title: 'Sandals', price: '€29.99', cta: 'Shop now >' } },
  shirt: { color: [30, 140, 128], copy: { title: 'Shirts', price: '€34.99', cta: 'Shop now >' } },
  sneaker: { color: [20, 150, 90], copy: { title: 'Sneakers', price: '€69.99', cta: 'Shop now >' } },
  bag: { color: [130, 80, 36], copy: { title: 'Bags', price: '€44.99', cta: 'Shop now >' } },
  ankle_boot: { color: [100, 20, 64], copy: { title: 'Ankle boots', price: '€79.99', cta: 'Shop now >' } },
};

export interface TemplateColors {
  background: Rgb;
  /** Colour of the product where the generated image is 1. */
  ink: Rgb;
  text: Rgb;
  price: Rgb;
  button: Rgb;
  buttonText: Rgb;
  border: Rgb;
}

const WHITE: Rgb = [255, 255, 255];
const PAPER: Rgb = [247, 245, 240];
const CHARCOAL: Rgb = [34, 34, 38];

/** Mixes `a` towards `b` by `t` in [0, 1], rounded per channel. */
function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) =>
    Math.round((a[i] as number) + ((b[i] as number) - (a[i] as number)) * t),
  ) as unknown as Rgb;
}

/** The colours of `template` for a category colour. */
export function templateColors(template: CreativeTemplate, color: Rgb): TemplateColors {
  if (template === 'bold') {
    return {
      background: color,
      ink: mix(color, WHITE, 0.92),
      text: WHITE,
      price: mix(color, WHITE, 0.75),
      button: WHITE,
      buttonText: color,
      border: mix(color, CHARCOAL, 0.4),
    };
  }
  return {
    background: PAPER,
    ink: color,
    text: CHARCOAL,
    price: color,
    button: color,
    buttonText: WHITE,
    border: mix(PAPER, CHARCOAL, 0.15),
  };
}
