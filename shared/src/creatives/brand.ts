/**
 * What a banner takes from the brand kit: the colours of each template, and the call to action
 * in the requested language. `DEFAULT_BRAND_KIT` is what a shop gets before it publishes one.
 */
import type { CreativeTemplate } from '#shared/schemas';
// The one schema this file runs (a value): by its own file, so the Workers that draw banners do
// not evaluate every zod schema of the index at start-up (docs/benchmarks.md, bench:creatives-cold).
import { BrandKit } from '../schemas/brand-kit.ts';
import { hexRgb, mix, type Rgb, rgbHex } from './pixels.ts';

/** Neutral colours, Inter, English: a shop's banners before it sets its own kit. */
export const DEFAULT_BRAND_KIT: BrandKit = BrandKit.parse({
  format: 'vitrine-brand-kit',
  version: 1,
  name: 'Vitrine',
  colors: { primary: '#1f5f8b' },
  cta: { en: 'Shop now', de: 'Jetzt kaufen', fr: 'Découvrir', es: 'Comprar', it: 'Acquista', nl: 'Bekijk' },
});

/** The colours of one banner (CSS hex strings for the tree, RGB for pixel work). */
export interface BannerColors {
  background: string;
  /** The product picture's ink where the generator draws product. */
  ink: Rgb;
  backgroundRgb: Rgb;
  title: string;
  /** Brand line above the title. */
  muted: string;
  price: string;
  button: string;
  buttonText: string;
  border: string;
}

const WHITE: Rgb = [255, 255, 255];

/**
 * `classic`: the kit's card colour with text in its text colour and the brand colour on price
 * and button; `bold`: the brand colour as the field, light copy, an inverted button.
 *
 * @example
 * bannerColors(kit, 'bold').background; // kit.colors.primary
 */
export function bannerColors(kit: BrandKit, template: CreativeTemplate): BannerColors {
  const primary = hexRgb(kit.colors.primary);
  const on = hexRgb(kit.colors.onPrimary);
  if (template === 'bold') {
    return {
      background: rgbHex(primary),
      backgroundRgb: primary,
      ink: mix(primary, WHITE, 0.92),
      title: rgbHex(on),
      muted: rgbHex(mix(on, primary, 0.3)),
      price: rgbHex(mix(primary, on, 0.8)),
      button: rgbHex(on),
      buttonText: rgbHex(primary),
      border: rgbHex(mix(primary, [0, 0, 0], 0.25)),
    };
  }
  const paper = hexRgb(kit.colors.background);
  const text = hexRgb(kit.colors.text);
  return {
    background: rgbHex(paper),
    backgroundRgb: paper,
    ink: primary,
    title: rgbHex(text),
    muted: rgbHex(mix(text, paper, 0.45)),
    price: rgbHex(primary),
    button: rgbHex(primary),
    buttonText: rgbHex(on),
    border: rgbHex(mix(paper, text, 0.12)),
  };
}

/**
 * The CTA for `language` (`de-AT`, then `de`, then the kit's own language, then English, then
 * whatever the kit has first).
 *
 * @example
 * ctaFor(DEFAULT_BRAND_KIT, 'de-AT'); // 'Jetzt kaufen'
 */
export function ctaFor(kit: BrandKit, language: string = kit.language): string {
  const base = (tag: string) => tag.split('-')[0] ?? tag;
  for (const tag of [language, base(language), kit.language, base(kit.language), 'en']) {
    const text = kit.cta[tag];
    if (text !== undefined) return text;
  }
  return Object.values(kit.cta)[0] ?? 'Shop now';
}
