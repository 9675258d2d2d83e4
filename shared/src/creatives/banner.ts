/**
 * A banner laid out and written as SVG: picture, brand line, title, price and call to action,
 * placed for the slot's size (layouts.ts), coloured by the brand kit and template, every glyph an
 * outline (text.ts). The templates are fixed, so the layout is computed here directly — the
 * boxes a CSS flexbox layout of the same design gives (a column centred for the medium
 * rectangle; picture, copy and button in a centred row for the others) — instead of by a
 * general layout engine whose start-up was most of a cold banner's cost (docs/benchmarks.md).
 * Every line is one line: copy that does not fit its box ends in "…".
 */
import type { BannerCopy, BrandKit, CreativeSize, CreativeTemplate } from '#shared/schemas';
import { type BannerColors, bannerColors } from './brand.ts';
import { LAYOUTS, type Layout } from './layouts.ts';
import type { SfntFont } from './sfnt.ts';
import { fitLine, linePath, type SetLine } from './text.ts';

/** Font chains by weight: each character from the first font that has it. */
export interface BannerFonts {
  regular: readonly SfntFont[];
  bold: readonly SfntFont[];
}

export interface BannerSpec {
  size: CreativeSize;
  template: CreativeTemplate;
  kit: BrandKit;
  copy: BannerCopy;
  /** The picture as an image URL (a PNG data URL resampled to the layout's box); none: empty box. */
  picture: string | undefined;
}

/** A line of text fitted to its box: its glyphs, box width and height, baseline offset. */
interface Line {
  set: SetLine;
  size: number;
  fill: string;
  width: number;
  height: number;
  baseline: number;
}

interface LineStyle {
  size: number;
  bold: boolean;
  fill: string;
  /** CSS line-height as a multiple of the size; none: the font's own (ascender − descender). */
  lineHeight?: number;
  letterSpacing?: number;
}

/** `text` set to fit `maxWidth`, with the line box CSS gives it (half-leading above and below). */
function line(text: string, fonts: BannerFonts, style: LineStyle, maxWidth: number): Line {
  const chain = style.bold ? fonts.bold : fonts.regular;
  const font = chain[0] as SfntFont;
  const set = fitLine(text, chain, { size: style.size, letterSpacing: style.letterSpacing ?? 0 }, maxWidth);
  const em = style.size / font.unitsPerEm;
  const content = (font.ascender - font.descender) * em;
  const height = style.lineHeight === undefined ? content : style.lineHeight * style.size;
  const baseline = font.ascender * em + (height - content) / 2;
  return { set, size: style.size, fill: style.fill, width: Math.min(set.width, maxWidth), height, baseline };
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const px = (v: number) => Math.round(v);

/** A line drawn with its box's top-left at (`x`, `y`): the box top on the pixel grid. */
function drawLine(l: Line, x: number, y: number): string {
  if (l.set.glyphs.length === 0) return '';
  return `<path fill="${l.fill}" d="${linePath(l.set, px(x), px(y) + l.baseline, l.size)}"/>`;
}

/** The call to action: a rounded field with its label, padding from the type size. */
function button(text: string, fonts: BannerFonts, layout: Layout, colors: BannerColors, maxWidth: number) {
  const size = layout.type.cta;
  const [padY, padX] = [Math.round(size * 0.45), Math.round(size * 1.2)];
  const label = line(text, fonts, { size, bold: true, fill: colors.buttonText }, maxWidth - 2 * padX);
  const width = label.width + 2 * padX;
  const height = label.height + 2 * padY;
  const draw = (x: number, y: number) =>
    `<rect x="${px(x)}" y="${px(y)}" width="${px(x + width) - px(x)}" height="${px(y + height) - px(y)}" rx="6" fill="${colors.button}"/>` +
    drawLine(label, x + padX, y + padY);
  return { width, height, draw };
}

/** Brand, title and price lines of `copy` for a box `width` wide. */
function copyLines(
  copy: BannerCopy,
  fonts: BannerFonts,
  layout: Layout,
  colors: BannerColors,
  width: number,
) {
  const { type } = layout;
  const brand =
    copy.brand === undefined
      ? undefined
      : line(
          copy.brand.toUpperCase(),
          fonts,
          { size: type.brand, bold: false, fill: colors.muted, letterSpacing: 1 },
          width,
        );
  const title = line(
    copy.title,
    fonts,
    { size: type.title, bold: true, fill: colors.title, lineHeight: 1.25 },
    width,
  );
  const price =
    copy.price === undefined
      ? undefined
      : line(copy.price, fonts, { size: type.price, bold: true, fill: colors.price }, width);
  return { brand, title, price };
}

function imageTag(x: number, y: number, width: number, height: number, href: string): string {
  return `<image x="${x}" y="${y}" width="${width}" height="${height}" href="${attr(href)}" preserveAspectRatio="none"/>`;
}

/** The kit's logo in the card's corner (top left on the column layout, top right on rows). */
function logoTag(kit: BrandKit, layout: Layout): string {
  if (kit.logo === undefined) return '';
  const height = layout.logo;
  const width = Math.round((kit.logo.width / kit.logo.height) * height);
  const gap = layout.padding;
  const x = layout.direction === 'column' ? 1 + gap : layout.width - 1 - gap - width;
  return imageTag(x, 1 + gap, width, height, kit.logo.src);
}

/** Medium rectangle: picture on top, centred lines below it, the button at the bottom. */
function column(spec: BannerSpec, fonts: BannerFonts, layout: Layout, colors: BannerColors): string {
  const pad = layout.padding;
  const [w, h] = [layout.width - 2 * pad, layout.height - 2 * pad];
  const side = layout.picture;
  const { brand, title, price } = copyLines(spec.copy, fonts, layout, colors, w);
  let y = pad + side + 4;
  let out = '';
  for (const l of [brand, title, price]) {
    if (l === undefined) continue;
    out += drawLine(l, pad + (w - l.width) / 2, y);
    y += l.height;
  }
  const cta = button(spec.copy.cta, fonts, layout, colors, w);
  const picture =
    spec.picture === undefined ? '' : imageTag(pad + (w - side) / 2, pad, side, side, spec.picture);
  return picture + out + cta.draw(pad + (w - cta.width) / 2, pad + h - cta.height);
}

/** Mobile banner and leaderboard: picture left, copy in the middle, the button beside the price or at the right. */
function row(spec: BannerSpec, fonts: BannerFonts, layout: Layout, colors: BannerColors): string {
  const pad = layout.padding;
  const [w, h] = [layout.width - 2 * pad, layout.height - 2 * pad];
  const side = layout.picture;
  const wide = spec.size === 'leaderboard';
  const copyX = pad + side + pad * 1.5;
  // The leaderboard's button sits at the right, beside the copy; elsewhere it follows the price.
  const wideCta = wide ? button(spec.copy.cta, fonts, layout, colors, w - side - 4 * pad) : undefined;
  const copyWidth = pad + w - (wideCta?.width ?? 0) - pad - copyX;
  const { brand, title, price } = copyLines(spec.copy, fonts, layout, colors, copyWidth);
  const cta =
    wideCta ??
    button(spec.copy.cta, fonts, layout, colors, copyWidth - (price === undefined ? 0 : price.width + pad));
  const lines = [brand, title, ...(wide ? [price] : [])].filter((l): l is Line => l !== undefined);
  const below = wide ? 0 : 4 + Math.max(price?.height ?? 0, cta.height);
  const top = pad + (h - lines.reduce((s, l) => s + l.height, 0) - below) / 2;
  let y = top;
  let out = '';
  for (const l of lines) {
    out += drawLine(l, copyX, y);
    y += l.height;
  }
  if (wide) out += cta.draw(pad + w - cta.width, pad + (h - cta.height) / 2);
  else {
    const rowHeight = below - 4;
    y += 4;
    if (price !== undefined) out += drawLine(price, copyX, y + (rowHeight - price.height) / 2);
    const ctaX = copyX + (price === undefined ? 0 : price.width + pad);
    out += cta.draw(ctaX, y + (rowHeight - cta.height) / 2);
  }
  const picture =
    spec.picture === undefined ? '' : imageTag(pad, pad + (h - side) / 2, side, side, spec.picture);
  return picture + out;
}

/**
 * The banner as SVG text: a 1-pixel frame in the border colour around the card, the kit's logo,
 * the picture, the copy and the button, in that paint order.
 *
 * @example
 * const svg = bannerSvgText({ size: 'leaderboard', template: 'bold', kit, copy, picture: dataUrl }, fonts);
 */
export function bannerSvgText(spec: BannerSpec, fonts: BannerFonts): string {
  const layout = LAYOUTS[spec.size];
  const colors = bannerColors(spec.kit, spec.template);
  const { width, height } = layout;
  const body =
    layout.direction === 'column' ? column(spec, fonts, layout, colors) : row(spec, fonts, layout, colors);
  return (
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<rect width="${width}" height="${height}" fill="${colors.border}"/>` +
    `<rect x="1" y="1" width="${width - 2}" height="${height - 2}" fill="${colors.background}"/>` +
    logoTag(spec.kit, layout) +
    body +
    '</svg>'
  );
}
