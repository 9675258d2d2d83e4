/**
 * Banner text without a font library (shared/src/creatives/sfnt.ts, kerning.ts, text.ts,
 * banner.ts), on the bundled Inter faces: metrics and glyphs read from the font, GPOS kerning,
 * the Latin Extended fallback, ellipsis, and banners whose SVG draws every glyph as an outline and
 * rasterises to the copy's ink.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRAND_KIT,
  fitLine,
  itemCopy,
  linePath,
  renderBanner,
  SfntFont,
  setLine,
  sfntOf,
} from '#shared/creatives';
import { CREATIVE_SIZES, CREATIVE_TEMPLATES } from '#shared/schemas';
import { nodeBannerEngine } from '../../../batch/src/creatives/index.ts';

const require = createRequire(import.meta.url);

async function face(name: string): Promise<SfntFont> {
  const woff = readFileSync(require.resolve(`@fontsource/inter/files/inter-${name}-normal.woff`));
  return new SfntFont(
    await sfntOf(woff.buffer.slice(woff.byteOffset, woff.byteOffset + woff.byteLength) as ArrayBuffer),
  );
}

const [bold, regular, boldExt] = await Promise.all([
  face('latin-700'),
  face('latin-400'),
  face('latin-ext-700'),
]);
const cp = (s: string) => s.codePointAt(0) as number;
const moves = (font: SfntFont, ch: string) =>
  font.outline(font.glyphOf(cp(ch))).filter((c) => c.op === 'M').length;

describe('Inter read from its sfnt tables', () => {
  it('reads units per em, vertical metrics, glyphs and advances', () => {
    expect(bold.unitsPerEm).toBe(2048);
    expect(bold.ascender).toBeGreaterThan(0);
    expect(bold.descender).toBeLessThan(0);
    const [m, i] = [bold.glyphOf(cp('M')), bold.glyphOf(cp('i'))];
    expect(m).toBeGreaterThan(0);
    expect(bold.advance(m)).toBeGreaterThan(bold.advance(i));
    expect(bold.advance(bold.glyphOf(cp('a')))).toBeGreaterThan(regular.advance(regular.glyphOf(cp('a'))));
  });

  it('decodes outlines: one contour for l, two for O, base and accent of a composite é', () => {
    expect(moves(bold, 'l')).toBe(1);
    expect(moves(bold, 'O')).toBe(2);
    expect(moves(bold, 'é')).toBeGreaterThanOrEqual(2);
    expect(bold.outline(bold.glyphOf(cp(' ')))).toEqual([]);
  });

  it('kerns AV tighter than its advances, and leaves an unkerned pair alone', () => {
    const [a, v] = [bold.glyphOf(cp('A')), bold.glyphOf(cp('V'))];
    expect(bold.kern(a, v)).toBeLessThan(0);
    expect(setLine('AV', [bold], { size: 20 }).width).toBeLessThan(
      ((bold.advance(a) + bold.advance(v)) / 2048) * 20,
    );
    const [n, o] = [bold.glyphOf(cp('n')), bold.glyphOf(cp('o'))];
    expect(setLine('no', [bold], { size: 20 }).width).toBeCloseTo(
      ((bold.advance(n) + bold.advance(o) + bold.kern(n, o)) / 2048) * 20,
      9,
    );
  });

  it('takes a character the Latin face lacks from the Latin Extended one', () => {
    expect(bold.glyphOf(cp('Ł'))).toBe(0);
    expect(bold.glyphOf(cp('Ł'))).toBe(0);
    const line = setLine('Łódź', [bold, boldExt], { size: 16 });
    expect(line.glyphs[0]?.font).toBe(boldExt);
    expect(line.glyphs[1]?.font).toBe(bold);
    expect(line.glyphs.every((g) => g.gid !== 0)).toBe(true);
  });
});

describe('fitting a line', () => {
  const style = { size: 17 };

  it('keeps a line that fits as it is', () => {
    const line = fitLine('Wrap dress', [bold], style, 300);
    expect(line.width).toBe(setLine('Wrap dress', [bold], style).width);
  });

  it('cuts a long line at a grapheme, ends it in an ellipsis within the width, with no space before it', () => {
    const text = 'Very long title of a wrap dress in organic cotton with a belt';
    for (const width of [40, 120, 200]) {
      const line = fitLine(text, [bold], style, width);
      expect(line.width).toBeLessThanOrEqual(width);
      const last = line.glyphs.at(-1);
      expect(last?.gid).toBe(bold.glyphOf(0x2026));
      const before = line.glyphs.at(-2);
      expect(before?.gid).not.toBe(bold.glyphOf(cp(' ')));
      expect(line.width).toBeGreaterThan(width - 40);
    }
  });

  it('writes outlines at the pen position and baseline, 0.1 px', () => {
    const d = linePath(setLine('l', [bold], { size: 20 }), 10, 30, 20);
    expect(d).toMatch(/^M[\d.]+ [\d.]+/);
    const ys = [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    expect(Math.max(...ys)).toBeCloseTo(30, 0); // the stem stands on the baseline
    expect(Math.min(...ys)).toBeLessThan(30 - 10);
  });
});

describe('banners drawn from glyph outlines', () => {
  const copy = itemCopy(
    { itemId: 'x', title: 'Łódź wool coat', price: 135.99, currency: 'EUR', brand: 'Maison' },
    DEFAULT_BRAND_KIT,
    'de-DE',
  );

  it('write SVG with no text element or font, for every size and template', async () => {
    const engine = await nodeBannerEngine();
    for (const size of CREATIVE_SIZES) {
      for (const template of CREATIVE_TEMPLATES) {
        const request = { size, template, kit: DEFAULT_BRAND_KIT, copy, picture: undefined };
        const svg = new TextDecoder().decode((await renderBanner(engine, request, 'svg')).bytes);
        expect(svg).not.toMatch(/<text|font-family|@font-face/);
        expect(svg.match(/<path /g)?.length, `${size} ${template}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("rasterise the title in the kit's text colour and the button label on the button", async () => {
    const engine = await nodeBannerEngine();
    const request = {
      size: 'medium-rectangle' as const,
      template: 'classic' as const,
      kit: DEFAULT_BRAND_KIT,
      copy,
      picture: undefined,
    };
    const png = decode((await renderBanner(engine, request, 'png')).bytes);
    expect([png.width, png.height]).toEqual([300, 250]);
    const near = (rgb: number[]) => {
      let n = 0;
      for (let i = 0; i < png.data.length; i += png.channels)
        if (rgb.every((v, c) => Math.abs((png.data[i + c] as number) - v) <= 12)) n++;
      return n;
    };
    expect(near([0x22, 0x22, 0x26])).toBeGreaterThan(150); // title ink
    expect(near([255, 255, 255])).toBeGreaterThan(40); // white label on the button
  });
});
