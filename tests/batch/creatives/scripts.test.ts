/**
 * Every script a shop's copy may use (shared/src/creatives/faces.ts, coverage.ts): Cyrillic,
 * Greek and Vietnamese titles are drawn with Inter's own glyphs from subsets opened only when
 * the copy needs them; ja-JP prices' fullwidth yen is drawn as ¥; what no face has is reported
 * and a title of it gives way to the category label.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import {
  bannerSvgText,
  copyFaces,
  DEFAULT_BRAND_KIT,
  type FontFace,
  formatPrice,
  INTER_SUBSETS,
  INTER_UNICODE_RANGES,
  InterFaces,
  itemCopy,
  renderBanner,
  type SfntFont,
  setLine,
} from '#shared/creatives';
import type { BannerCopy } from '#shared/schemas';
import { nodeBannerEngine } from '../../../batch/src/creatives/index.ts';

const require = createRequire(import.meta.url);

const faces: FontFace[] = INTER_SUBSETS.flatMap((subset) =>
  ([400, 700] as const).map((weight) => {
    const b = readFileSync(require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`));
    return { subset, weight, data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer };
  }),
);
const latin = (await new InterFaces(faces).open('latin'))!;

/** The font and glyph a chain draws `ch` with (the first font that has it). */
function drawnWith(chain: readonly SfntFont[], ch: string) {
  const cp = ch.codePointAt(0)!;
  for (const font of chain) if (font.glyphOf(cp) !== 0) return { font, gid: font.glyphOf(cp) };
  return { font: chain[0]!, gid: 0 };
}

const copy = (title: string, extra: Partial<BannerCopy> = {}): BannerCopy => ({
  title,
  cta: 'Shop now',
  ...extra,
});

describe('copy in Cyrillic, Greek and Vietnamese', () => {
  const titles = {
    cyrillic: 'Платье миди',
    'cyrillic-ext': 'Ґудзик Ѣ',
    greek: 'Φόρεμα',
    'greek-ext': 'Ἀθῆναι',
    vietnamese: 'Áo dài lụa Việt',
  };

  it.each(Object.entries(titles))('draws a %s title with real glyphs, not .notdef', async (subset, title) => {
    const inter = new InterFaces(faces);
    const open = vi.spyOn(inter, 'open');
    const set = await copyFaces(copy(title), latin, inter);
    expect(set.uncovered).toEqual([]);
    expect(open.mock.calls.map(([s]) => s)).toContain(subset);
    for (const ch of title.replace(/ /g, '')) {
      const { font, gid } = drawnWith(set.fonts.bold, ch);
      expect(gid, ch).not.toBe(0);
      // A real glyph: its own outline, not the .notdef box the first face would draw.
      expect(font.outline(gid), ch).not.toEqual(set.fonts.bold[0]!.outline(0));
    }
  });

  it('opens no subset beyond Latin for Latin copy (the cold banner unchanged)', async () => {
    const inter = new InterFaces(faces);
    const open = vi.spyOn(inter, 'open');
    const set = await copyFaces(copy('Wrap dress', { brand: 'Maison', price: '€135.99' }), latin, inter);
    expect(open).not.toHaveBeenCalled();
    expect(set.fonts.bold).toEqual([latin.bold]);
  });

  it('writes a Greek brand line in capitals without the accents capitals drop', async () => {
    const set = await copyFaces(copy('Φόρεμα', { brand: 'Ἀθῆναι' }), latin, new InterFaces(faces));
    expect(set.copy.brand).toBe('ἈΘΗΝΑΙ');
    expect(set.uncovered).toEqual([]);
  });

  it('composes decomposed Vietnamese so the precomposed glyph is drawn', async () => {
    const set = await copyFaces(copy('Vie\u0323\u0302t'), latin, new InterFaces(faces));
    expect(set.copy.title).toBe('Việt');
    expect(set.uncovered).toEqual([]);
  });

  it('uses the subset ranges @fontsource/inter publishes', () => {
    const published = JSON.parse(readFileSync(require.resolve('@fontsource/inter/unicode.json'), 'utf8'));
    for (const [subset, range] of Object.entries(INTER_UNICODE_RANGES)) expect(range).toBe(published[subset]);
  });

  it('draws a Cyrillic banner other than the boxes Latin-only fonts drew', async () => {
    const engine = await nodeBannerEngine();
    const spec = {
      size: 'leaderboard',
      template: 'classic',
      kit: DEFAULT_BRAND_KIT,
      picture: undefined,
    } as const;
    const title = 'Платье';
    const boxes = bannerSvgText(
      { ...spec, copy: copy(title) },
      { regular: [latin.regular], bold: [latin.bold] },
    );
    const frame = await engine.frame({ ...spec, copy: copy(title) });
    expect(frame.uncovered).toEqual([]);
    expect(frame.svg).not.toBe(boxes);
    // Six letters, six advances: the line is not six .notdef widths.
    const notdef = setLine(title, [latin.bold], { size: 17 }).width;
    const real = setLine(title, (await copyFaces(copy(title), latin, new InterFaces(faces))).fonts.bold, {
      size: 17,
    });
    expect(real.width).not.toBeCloseTo(notdef, 1);
  });
});

describe('prices in every currency format', () => {
  it('draws a ja-JP yen price with ¥ (U+00A5), which Inter has, for the fullwidth ￥ Intl writes', async () => {
    const price = formatPrice(12000, 'JPY', 'ja-JP');
    expect(price).toContain('\uFFE5');
    const set = await copyFaces(copy('Dress', { price }), latin, new InterFaces(faces));
    expect(set.copy.price).toBe('¥12,000');
    expect(set.uncovered).toEqual([]);
    expect(drawnWith(set.fonts.bold, '¥').gid).not.toBe(0);
  });

  it('draws fullwidth Latin letters and digits as their ASCII forms', async () => {
    const set = await copyFaces(copy('ＳＡＬＥ ５０％'), latin, new InterFaces(faces));
    expect(set.copy.title).toBe('SALE 50%');
    expect(set.uncovered).toEqual([]);
  });
});

describe('characters no face has', () => {
  const item = {
    itemId: 'sku-1',
    title: '真丝连衣裙',
    price: 12000,
    currency: 'JPY',
    brand: '東京',
    category: 'women/dresses',
    categoryLabel: 'Dresses',
  };

  it('reports them, shows the category label for the title and leaves out the brand line', async () => {
    const engine = await nodeBannerEngine();
    const kit = DEFAULT_BRAND_KIT;
    const request = { size: 'medium-rectangle', template: 'classic', kit, picture: undefined } as const;
    const banner = await renderBanner(engine, { ...request, copy: itemCopy(item, kit, 'ja-JP') }, 'svg');
    expect(banner.uncovered).toEqual(
      [0x6771, 0x4eac, 0x4e1d, 0x771f, 0x8863, 0x88d9, 0x8fde].sort((a, b) => a - b),
    );
    const expected = await renderBanner(
      engine,
      { ...request, copy: { title: 'Dresses', price: '¥12,000', cta: 'Shop now' } },
      'svg',
    );
    expect(banner.bytes).toEqual(expected.bytes);
  });

  it('keeps and reports a title the category label cannot replace', async () => {
    const set = await copyFaces(copy('مرحبا'), latin, new InterFaces(faces));
    expect(set.copy.title).toBe('مرحبا');
    expect(set.uncovered).toEqual([0x627, 0x62d, 0x631, 0x645, 0x628].sort((a, b) => a - b));
  });
});
