/**
 * One line of banner text set in a font chain: each character from the first font that has it
 * (the brand font, Inter Latin, then the Inter subsets the copy needs), advance widths plus GPOS
 * pair kerning between glyphs of one font, CSS `letter-spacing` after every glyph; fitted to a width by
 * cutting whole graphemes and adding "…" (CSS `text-overflow: ellipsis`); drawn as one SVG path
 * of glyph outlines, so the SVG needs no font to show it.
 */
import type { SfntFont } from './sfnt.ts';

export interface TextStyle {
  /** Font size, px. */
  size: number;
  /** Extra px after each glyph. */
  letterSpacing?: number;
}

export interface SetGlyph {
  font: SfntFont;
  gid: number;
  /** Pen position of the glyph's origin, px from the line's start. */
  x: number;
}

export interface SetLine {
  glyphs: SetGlyph[];
  /** Advance width of the whole line, px. */
  width: number;
}

const ELLIPSIS = '\u2026';

/** The first font of `fonts` with a glyph for `cp`, and that glyph (.notdef of the first if none). */
function glyphFor(fonts: readonly SfntFont[], cp: number): { font: SfntFont; gid: number } {
  for (const font of fonts) {
    const gid = font.glyphOf(cp);
    if (gid !== 0) return { font, gid };
  }
  return { font: fonts[0] as SfntFont, gid: 0 };
}

/**
 * `text` set on one line (line breaks dropped: banner lines never wrap).
 *
 * @example
 * setLine('Wrap dress', [interBold], { size: 17 }).width; // ≈ 88.4
 */
export function setLine(text: string, fonts: readonly SfntFont[], style: TextStyle): SetLine {
  const glyphs: SetGlyph[] = [];
  const spacing = style.letterSpacing ?? 0;
  let x = 0;
  let prev: { font: SfntFont; gid: number } | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0x0a || cp === 0x0d) continue;
    const g = glyphFor(fonts, cp);
    const scale = style.size / g.font.unitsPerEm;
    if (prev !== undefined && prev.font === g.font) x += g.font.kern(prev.gid, g.gid) * scale;
    glyphs.push({ font: g.font, gid: g.gid, x });
    x += g.font.advance(g.gid) * scale + spacing;
    prev = g;
  }
  return { glyphs, width: x };
}

let graphemes: { segment(s: string): Iterable<{ segment: string }> } | undefined;

/**
 * `text` set to fit `width`: as it is when it fits, else the longest run of whole graphemes
 * that fits with "…" after it (just "…" when not even one does).
 *
 * @example
 * fitLine('A very long title', fonts, { size: 17 }, 80); // 'A very l…'
 */
export function fitLine(text: string, fonts: readonly SfntFont[], style: TextStyle, width: number): SetLine {
  const whole = setLine(text, fonts, style);
  if (whole.width <= width) return whole;
  const ellipsis = setLine(ELLIPSIS, fonts, style).width;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (setLine(kept + segment, fonts, style).width + ellipsis > width) break;
    kept += segment;
  }
  // A cut at a space leaves no gap before the ellipsis ("wrap…", not "wrap …").
  return setLine(kept.trimEnd() + ELLIPSIS, fonts, style);
}

/** `v` rounded to 0.1 px, written without a trailing `.0`. */
const fmt = (v: number) => String(Math.round(v * 10) / 10);

/**
 * The outlines of `line` with its start at `x` and its baseline at `baseline`, as SVG path data
 * (absolute commands, 0.1 px).
 *
 * @example
 * `<path fill="#222" d="${linePath(line, 10, 40, 17)}"/>`
 */
export function linePath(line: SetLine, x: number, baseline: number, size: number): string {
  const parts: string[] = [];
  for (const g of line.glyphs) {
    const s = size / g.font.unitsPerEm;
    const ox = x + g.x;
    const px = (v: number) => fmt(ox + v * s);
    const py = (v: number) => fmt(baseline - v * s);
    for (const c of g.font.outline(g.gid)) {
      if (c.op === 'Z') parts.push('Z');
      else if (c.op === 'Q') parts.push(`Q${px(c.cx)} ${py(c.cy)} ${px(c.x)} ${py(c.y)}`);
      else parts.push(`${c.op}${px(c.x)} ${py(c.y)}`);
    }
  }
  return parts.join('');
}
