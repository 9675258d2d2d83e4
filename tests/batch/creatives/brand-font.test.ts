/**
 * A shop's own font (shared/src/creatives/brand-font.ts, coverage.ts): a TrueType or WOFF 1.0
 * file is checked and drawn before Inter, a character it lacks comes from Inter, bold copy uses
 * the regular face when the kit has no bold one; CFF, WOFF2, collections and damaged files are
 * refused with a message saying what is supported. The font is built byte by byte
 * (tests/fixtures/fonts/tiny-font.ts: bars, nothing like Inter).
 */
import { describe, expect, it } from 'vitest';
import {
  bindBrandFaces,
  checkBrandFont,
  DEFAULT_BRAND_KIT,
  MAX_BRAND_FONT_BYTES,
  openBrandFont,
  renderBanner,
} from '#shared/creatives';
import { BrandKit, type BrandKitInput } from '#shared/schemas';
import { checkKitCoverage, nodeBannerEngine } from '../../../batch/src/creatives/index.ts';
import { tinyCff, tinyTtf, tinyWoff } from '../../fixtures/fonts/tiny-font.ts';

const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const buf = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;
const KIT: BrandKitInput = {
  format: 'vitrine-brand-kit',
  version: 1,
  name: 'Maison',
  colors: { primary: '#0f5c4d' },
};
const spec = { size: 'leaderboard', template: 'classic', picture: undefined } as const;

/** A fresh kit object with `faces` bound (the engine finds faces by kit object). */
async function kitWith(bold: boolean) {
  const kit = BrandKit.parse(KIT);
  const regular = await openBrandFont(buf(tinyTtf(CHARS)));
  bindBrandFaces(kit, bold ? { regular, bold: await openBrandFont(buf(tinyTtf(CHARS, true))) } : { regular });
  return { kit, regular };
}

describe('a brand font at publish', () => {
  it('accepts a TrueType file and the same font as WOFF 1.0, counting the characters it maps', async () => {
    expect(await checkBrandFont(buf(tinyTtf(CHARS)), 'Maison.ttf')).toEqual({ characters: CHARS.length });
    expect(await checkBrandFont(buf(tinyWoff(CHARS)), 'Maison.woff')).toEqual({ characters: CHARS.length });
  });

  it('refuses a CFF-outline font with a message saying what is supported', async () => {
    await expect(checkBrandFont(buf(tinyCff(CHARS)), 'Maison.otf')).rejects.toMatchObject({
      kind: 'invalid_argument',
      field: 'fontFiles',
      message: expect.stringMatching(/Maison\.otf.*CFF.*not supported.*TrueType outlines \(glyf\)/),
    });
  });

  it.each([
    [
      'WOFF2',
      () => Uint8Array.from([...new TextEncoder().encode('wOF2'), ...tinyTtf(CHARS).subarray(4)]),
      /WOFF2/,
    ],
    [
      'a collection',
      () => Uint8Array.from([...new TextEncoder().encode('ttcf'), ...new Uint8Array(40)]),
      /\.ttc/,
    ],
    ['a PNG', () => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 0]), /not a font/],
    ['a truncated font', () => tinyTtf(CHARS).subarray(0, 300), /runs past the end/],
    ['an oversized file', () => new Uint8Array(MAX_BRAND_FONT_BYTES + 1), /at most/],
  ])('refuses %s, saying why', async (_, bytes, why) => {
    await expect(checkBrandFont(buf(bytes()), 'f')).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: why,
    });
  });

  it('refuses a font whose glyph data is damaged', async () => {
    const ttf = tinyTtf(CHARS);
    const view = new DataView(ttf.buffer);
    // loca (long): point glyph 1 past the end of glyf.
    for (let i = 0; i < view.getUint16(4); i++) {
      const at = 12 + i * 16;
      if (new TextDecoder().decode(ttf.subarray(at, at + 4)) === 'loca')
        view.setUint32(view.getUint32(at + 8) + 8, 1e6);
    }
    await expect(checkBrandFont(buf(ttf), 'f.ttf')).rejects.toMatchObject({ kind: 'invalid_argument' });
  });
});

describe('banners in a brand font', () => {
  it('draws the characters the brand font has with its glyphs and the rest with Inter', async () => {
    const engine = await nodeBannerEngine();
    const { kit, regular } = await kitWith(true);
    const copy = { title: 'SALE 50 Платье', price: '€135.99', cta: 'SHOP' };
    const branded = await engine.frame({ ...spec, kit, copy });
    const inter = await engine.frame({ ...spec, kit: BrandKit.parse(KIT), copy });
    expect(branded.uncovered).toEqual([]);
    expect(branded.svg).not.toBe(inter.svg);
    // The brand's bars are rectangles: 'SALE' set in it is the width of its advances.
    expect(regular.glyphOf('S'.codePointAt(0)!)).toBeGreaterThan(0);
    expect(regular.glyphOf('П'.codePointAt(0)!)).toBe(0); // Cyrillic comes from Inter…
    const cyrillicOnly = await engine.frame({ ...spec, kit, copy: { ...copy, title: 'Платье' } });
    const cyrillicInter = await engine.frame({
      ...spec,
      kit: BrandKit.parse(KIT),
      copy: { ...copy, title: 'Платье' },
    });
    // …so a title the brand font has none of draws as in Inter (the CTA and price differ).
    expect(cyrillicOnly.svg.match(/<path[^>]*>/g)!.length).toBe(
      cyrillicInter.svg.match(/<path[^>]*>/g)!.length,
    );
  });

  it('uses the regular face for bold copy when the kit has no bold face', async () => {
    const engine = await nodeBannerEngine();
    const copy = { title: 'SALE', cta: 'SHOP' };
    const regularOnly = await engine.frame({ ...spec, kit: (await kitWith(false)).kit, copy });
    const withBold = await engine.frame({ ...spec, kit: (await kitWith(true)).kit, copy });
    expect(regularOnly.svg).not.toBe(withBold.svg);
    expect(regularOnly.uncovered).toEqual([]);
  });

  it('renders the same bytes for the same kit, font and copy', async () => {
    const engine = await nodeBannerEngine();
    const copy = { title: 'SALE 50', cta: 'SHOP' };
    const a = await renderBanner(engine, { ...spec, kit: (await kitWith(true)).kit, copy }, 'png');
    const b = await renderBanner(engine, { ...spec, kit: (await kitWith(true)).kit, copy }, 'png');
    expect(b.bytes).toEqual(a.bytes);
    const plain = await renderBanner(engine, { ...spec, kit: DEFAULT_BRAND_KIT, copy }, 'png');
    expect(plain.bytes).not.toEqual(a.bytes);
  });
});

describe("a kit's call to action at publish", () => {
  const arabic = 'تسوق الآن';
  const kitInput = { ...KIT, cta: { en: 'Shop now', ar: arabic } };

  it('refuses a CTA that no font of the kit draws, naming the language and code points', async () => {
    await expect(checkKitCoverage(BrandKit.parse(kitInput))).rejects.toMatchObject({
      kind: 'invalid_argument',
      field: 'cta.ar',
      message: expect.stringMatching(/cta\.ar .*U\+062A.*fontFiles/),
    });
  });

  it('accepts it once the kit has a font with those characters, and any CTA Inter draws', async () => {
    const kit = BrandKit.parse(kitInput);
    bindBrandFaces(kit, { regular: await openBrandFont(buf(tinyTtf(arabic))) });
    await expect(checkKitCoverage(kit)).resolves.toBeUndefined();
    const scripts = { en: 'Shop now', ru: 'Купить', el: 'Αγορά', vi: 'Mua ngay', ja: 'ＢＵＹ' };
    await expect(checkKitCoverage(BrandKit.parse({ ...KIT, cta: scripts }))).resolves.toBeUndefined();
  });
});
