/**
 * The pure parts of banner creatives (shared by the batch library and the creative Worker):
 * resampling, tinting, PNG encoding, price formatting, the brand kit and its CTA choice, image
 * sniffing and generator inputs. Rendering itself (layout + glyph outlines → resvg) is tested in Node (tests/batch/creatives) and workerd
 * (tests/creative).
 */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import {
  bannerColors,
  categoryLabelOf,
  ctaFor,
  DEFAULT_BRAND_KIT,
  encodePng,
  formatPrice,
  generatorInputs,
  itemCopy,
  type Pixels,
  resample,
  sniffImage,
  tint,
} from '#shared/creatives';
import { BrandKit } from '#shared/schemas';

const gray = (values: number[], width: number): Pixels => ({
  width,
  height: values.length / width,
  data: Uint8Array.from(values.flatMap((v) => [v, v, v, 255])),
});
const channel = (p: Pixels) => Array.from(p.data.filter((_, i) => i % 4 === 0));

describe('Lanczos resampling', () => {
  it('keeps a flat image flat at any size', () => {
    const out = resample(gray(Array(9).fill(77), 3), 13, 7);
    expect([out.width, out.height]).toEqual([13, 7]);
    expect(new Set(channel(out))).toEqual(new Set([77]));
  });

  it('upscales an edge into a smooth ramp, not blocks of repeated pixels', () => {
    const out = channel(resample(gray([0, 0, 255, 255], 4), 16, 1));
    // Monotone apart from the Lanczos lobes at the edge, with many intermediate values (a
    // nearest-neighbour upscale would have only 0 and 255).
    expect(new Set(out.filter((v) => v > 10 && v < 245)).size).toBeGreaterThanOrEqual(3);
    expect(out[0]).toBeLessThanOrEqual(10);
    expect(out[15]).toBeGreaterThanOrEqual(245);
  });

  it('shrinks a large photo (block averages, then Lanczos) keeping a smooth ramp where it was', () => {
    const [w, h] = [600, 400];
    const ramp = (x: number) => (x / (w - 1)) * 255;
    const out = resample(
      gray(
        Array.from({ length: w * h }, (_, i) => Math.round(ramp(i % w))),
        w,
      ),
      112,
      75,
    );
    expect([out.width, out.height]).toEqual([112, 75]);
    const row = channel(out).slice(37 * 112, 38 * 112);
    for (let o = 4; o < 108; o++)
      expect(Math.abs((row[o] as number) - ramp((o + 0.5) * (w / 112) - 0.5))).toBeLessThanOrEqual(2);
  });

  it('averages a fine checkerboard to mid-grey when shrinking (no aliasing)', () => {
    const board = Array.from({ length: 64 * 64 }, (_, i) => (((i % 64) + Math.floor(i / 64)) % 2 ? 255 : 0));
    const out = channel(resample(gray(board, 64), 8, 8));
    for (const v of out) expect(Math.abs(v - 128)).toBeLessThanOrEqual(3);
  });
});

describe('pictures and PNG', () => {
  it('tints −1 to the background and +1 to the ink', () => {
    const p = tint(Float32Array.from([-1, 1, 0, Number.NaN]), 2, [10, 20, 30], [210, 120, 30]);
    expect(Array.from(p.data)).toEqual([
      10, 20, 30, 255, 210, 120, 30, 255, 110, 70, 30, 255, 10, 20, 30, 255,
    ]);
  });

  it('encodes opaque pixels as an RGB PNG that decodes to the same values, and sniffs its size', () => {
    const square = tint(
      Float32Array.from({ length: 25 }, (_, i) => i / 12 - 1),
      5,
      [0, 0, 0],
      [255, 128, 0],
    );
    const wide: Pixels = {
      width: 7,
      height: 5,
      data: Uint8Array.from({ length: 7 * 5 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256)),
    };
    for (const pixels of [square, wide]) {
      const png = encodePng(pixels);
      const decoded = decode(png);
      expect([decoded.width, decoded.height, decoded.channels]).toEqual([pixels.width, pixels.height, 3]);
      expect(Array.from(decoded.data)).toEqual(Array.from(pixels.data.filter((_, i) => i % 4 !== 3)));
      expect(sniffImage(png)).toEqual({ mime: 'image/png', width: pixels.width, height: pixels.height });
    }
  });

  it('reads a JPEG frame size from its SOF marker and refuses other bytes', () => {
    // SOI, an APP0 segment of length 4, then SOF0 with height 300 and width 500.
    const jpeg = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 44, 1, 244, 3, 0, 0,
    ]);
    expect(sniffImage(jpeg)).toEqual({ mime: 'image/jpeg', width: 500, height: 300 });
    expect(sniffImage(new TextEncoder().encode('<svg></svg>'))).toBeUndefined();
  });
});

describe('copy', () => {
  it("formats a price in the item's own currency for the language asked", () => {
    expect(formatPrice(135.99, 'EUR', 'en')).toBe('€135.99');
    expect(formatPrice(135.99, 'EUR', 'de-DE')).toBe('135,99\u00a0€');
    expect(formatPrice(1999, 'JPY', 'ja-JP')).toMatch(/^[¥￥]1,999$/);
    expect(formatPrice(49.5, 'USD', 'en-US')).toBe('$49.50');
  });

  it('takes title, brand and price from the item and the CTA from the kit', () => {
    const item = {
      itemId: 'sku-1',
      title: 'Wrap dress',
      price: 135.99,
      currency: 'EUR',
      brand: 'Maison',
      category: 'women/dresses',
      categoryLabel: 'Dresses',
    };
    expect(itemCopy(item, DEFAULT_BRAND_KIT, 'de')).toEqual({
      title: 'Wrap dress',
      brand: 'Maison',
      price: '135,99\u00a0€',
      cta: 'Jetzt kaufen',
      // What the banner shows instead of a title its fonts cannot draw.
      fallbackTitle: 'Dresses',
    });
    expect(categoryLabelOf('women/dresses/maxi_long')).toBe('Maxi long');
  });

  it('picks the CTA by region, then language, then the kit language, then English', () => {
    const kit = BrandKit.parse({
      format: 'vitrine-brand-kit',
      version: 1,
      name: 'X',
      colors: { primary: '#112233' },
      language: 'fr-FR',
      cta: { fr: 'Découvrir', 'de-AT': 'Jetzt shoppen', de: 'Kaufen', en: 'Shop' },
    });
    expect(ctaFor(kit, 'de-AT')).toBe('Jetzt shoppen');
    expect(ctaFor(kit, 'de-DE')).toBe('Kaufen');
    expect(ctaFor(kit, 'it')).toBe('Découvrir');
    expect(ctaFor(kit)).toBe('Découvrir');
  });
});

describe('brand kit', () => {
  const minimal = { format: 'vitrine-brand-kit', version: 1, name: 'Shop', colors: { primary: '#0F5C4D' } };

  it('fills defaults for everything but name and primary colour', () => {
    const kit = BrandKit.parse(minimal);
    expect(kit).toMatchObject({ font: 'inter', language: 'en', cta: { en: 'Shop now' } });
    expect(kit.colors).toEqual({
      primary: '#0F5C4D',
      onPrimary: '#ffffff',
      background: '#f7f5f0',
      text: '#222226',
    });
  });

  it('rejects a bad colour, language, font, empty CTA map and a logo that is not a PNG/SVG data URL, naming the field', () => {
    const cases: [unknown, string][] = [
      [{ ...minimal, colors: { primary: 'red' } }, 'colors.primary'],
      [{ ...minimal, language: 'English' }, 'language'],
      [{ ...minimal, font: 'comic-sans' }, 'font'],
      [{ ...minimal, cta: {} }, 'cta'],
      [{ ...minimal, logo: { src: 'https://example.com/logo.png', width: 10, height: 10 } }, 'logo.src'],
      [{ ...minimal, version: 2 }, 'version'],
    ];
    for (const [input, field] of cases) {
      const parsed = BrandKit.safeParse(input);
      expect(parsed.success, field).toBe(false);
      expect(parsed.error?.issues[0]?.path.join('.')).toBe(field);
    }
  });

  it('colours classic banners with the kit card and bold ones with the brand colour', () => {
    const kit = BrandKit.parse(minimal);
    expect(bannerColors(kit, 'classic')).toMatchObject({
      background: '#f7f5f0',
      button: '#0f5c4d',
      price: '#0f5c4d',
    });
    expect(bannerColors(kit, 'bold')).toMatchObject({
      background: '#0f5c4d',
      button: '#ffffff',
      title: '#ffffff',
    });
  });
});

describe('generator inputs', () => {
  it('derives seeded noise and a one-hot label per (category, seed), the same on every call', () => {
    const classes = ['tshirt', 'bag', 'ankle_boot'];
    const a = generatorInputs(
      [
        { category: 'tshirt', seed: 3 },
        { category: 'ankle_boot', seed: 3 },
        { category: 'bag', seed: 4 },
      ],
      16,
      classes,
    );
    expect(a.count).toBe(3);
    expect(Array.from(a.label)).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0]);
    // Same seed → same noise, whatever the category; another seed → other noise.
    expect(a.noise.subarray(0, 16)).toEqual(a.noise.subarray(16, 32));
    expect(a.noise.subarray(32, 48)).not.toEqual(a.noise.subarray(0, 16));
    expect(generatorInputs([{ category: 'tshirt', seed: 3 }], 16, classes).noise).toEqual(
      a.noise.subarray(0, 16),
    );
  });
});
