/**
 * A banner's copy matched to faces: which fonts draw it (the brand's faces first when the kit
 * has them, then Inter Latin, then only the Inter subsets its characters need: faces.ts), and
 * what happens to a character no face has.
 *
 * - Copy is composed (NFC), so decomposed Vietnamese (`e` + U+0302 + U+0323) uses the face's
 *   precomposed `ệ` instead of stacking combining marks the layout cannot position.
 * - A character no face has but whose compatibility form (NFKC) they do is drawn as that form:
 *   the fullwidth yen U+FFE5 that ja-JP prices use becomes `¥` U+00A5, fullwidth Latin letters
 *   and digits their ASCII forms, ligatures (`ﬁ`) their letters.
 * - Anything left is reported (`uncovered`, code points) — never silently boxed — and:
 *   a title with such characters gives way to its `fallbackTitle` (an item's category label, a
 *   category's parent label: copy.ts) when the fonts cover that, because a marketer would rather show "Dresses · ¥12,000 · Shop now"
 *   than a title of empty boxes, and a brand line with them is left out (it is decoration);
 *   price and CTA keep their boxes (a banner without them is wrong in a worse way), reported.
 */
import type { BannerCopy } from '#shared/schemas';
import type { BannerFonts } from './banner.ts';
import type { BrandFaces } from './brand-font.ts';
import { type FacePair, INTER_SUBSETS, type InterFaces, type InterSubset, subsetOf } from './faces.ts';
import type { SfntFont } from './sfnt.ts';

export interface CopyFaces {
  /** The copy to lay out: composed, compatibility forms substituted, fallbacks applied. */
  copy: BannerCopy;
  fonts: BannerFonts;
  /** Code points of the copy that no face has, ascending (empty: everything is drawn). */
  uncovered: number[];
}

const cpOf = (ch: string) => ch.codePointAt(0) as number;
/** Spaces and controls draw nothing, so they need no glyph. */
const drawn = (cp: number) => cp > 0x20 && cp !== 0xa0;

/** Code points of `text` that a chain lacks. */
function missing(text: string | undefined, chain: readonly SfntFont[]): number[] {
  const out: number[] = [];
  for (const ch of text ?? '') {
    const cp = cpOf(ch);
    if (drawn(cp) && chain.every((f) => f.glyphOf(cp) === 0)) out.push(cp);
  }
  return out;
}

/** The subsets `texts` need beyond the fonts always open, and the NFKC stand-ins to use. */
function plan(texts: readonly string[], has: (cp: number) => boolean) {
  const needed = new Set<InterSubset>();
  const stand = new Map<string, string>();
  const available = (cp: number) => has(cp) || subsetOf(cp) !== undefined;
  const need = (cp: number) => {
    const subset = has(cp) ? undefined : subsetOf(cp);
    if (subset !== undefined) needed.add(subset);
  };
  for (const text of texts)
    for (const ch of text) {
      const cp = cpOf(ch);
      if (!drawn(cp) || has(cp)) continue;
      if (subsetOf(cp) !== undefined) need(cp);
      else if (!stand.has(ch)) {
        const form = ch.normalize('NFKC');
        if (form === ch || form.trim() === '' || ![...form].every((c) => available(cpOf(c)))) continue;
        stand.set(ch, form);
        for (const c of form) need(cpOf(c));
      }
    }
  return { needed, stand };
}

/** Brand faces first (bold falls back to the brand's regular), then Inter Latin, then `pairs`. */
function fallbackChain(latin: FacePair, pairs: readonly FacePair[], brand?: BrandFaces): BannerFonts {
  const own = brand === undefined ? [] : [brand.regular];
  const ownBold = brand === undefined ? [] : [brand.bold ?? brand.regular];
  return {
    regular: [...own, latin.regular, ...pairs.map((p) => p.regular)],
    bold: [...ownBold, latin.bold, ...pairs.map((p) => p.bold)],
  };
}

/**
 * The fonts for `copy` and the copy as it will be drawn.
 *
 * @example
 * const { copy, fonts, uncovered } = await copyFaces({ title: 'Платье', price: '￥12,000', cta: 'Buy' }, latin, inter);
 * // Inter Cyrillic opened, price '¥12,000', uncovered []
 */
export async function copyFaces(
  copy: BannerCopy,
  latin: FacePair,
  inter: InterFaces,
  brand?: BrandFaces,
): Promise<CopyFaces> {
  const nfc = (s: string | undefined) => s?.normalize('NFC');
  const lines = {
    brand: nfc(copy.brand),
    title: nfc(copy.title) as string,
    price: nfc(copy.price),
    cta: nfc(copy.cta) as string,
    fallback: nfc(copy.fallbackTitle),
  };
  const open = brand === undefined ? [latin.regular] : [brand.regular, latin.regular];
  const texts = [
    lines.brand,
    lines.brand?.toUpperCase(),
    lines.title,
    lines.price,
    lines.cta,
    lines.fallback,
  ];
  const { needed, stand } = plan(
    texts.filter((t) => t !== undefined),
    (cp) => open.some((f) => f.glyphOf(cp) !== 0),
  );
  const pairs: FacePair[] = [];
  for (const subset of INTER_SUBSETS.filter((s) => needed.has(s))) {
    const pair = await inter.open(subset);
    if (pair !== undefined) pairs.push(pair);
  }
  const fonts = fallbackChain(latin, pairs, brand);
  const swap = <T extends string | undefined>(s: T): T =>
    (s === undefined || stand.size === 0
      ? s
      : [...(s as string)].map((c) => stand.get(c) ?? c).join('')) as T;
  // The brand line is drawn in capitals; capitals drop the accents no face can stack (Greek
  // all-caps is written without them: ἈΘῆναι → ἈΘΗΝΑΙ, not a box for U+0342).
  const capitals = (t: string | undefined) =>
    t === undefined
      ? undefined
      : [...t.toUpperCase()]
          .filter((c) => !(/\p{M}/u.test(c) && fonts.regular.every((f) => f.glyphOf(cpOf(c)) === 0)))
          .join('');
  const out = {
    brand: capitals(swap(lines.brand)),
    title: swap(lines.title),
    price: swap(lines.price),
    cta: swap(lines.cta),
  };
  const lacks = {
    brand: missing(out.brand, fonts.regular),
    title: missing(out.title, fonts.bold),
    price: missing(out.price, fonts.bold),
    cta: missing(out.cta, fonts.bold),
  };
  const fallback = swap(lines.fallback);
  const title =
    lacks.title.length > 0 && fallback !== undefined && missing(fallback, fonts.bold).length === 0
      ? fallback
      : out.title;
  const uncovered = [...new Set(Object.values(lacks).flat())].sort((a, b) => a - b);
  return {
    copy: {
      title,
      cta: out.cta,
      ...(out.price === undefined ? {} : { price: out.price }),
      ...(out.brand === undefined || lacks.brand.length > 0 ? {} : { brand: out.brand }),
    },
    fonts,
    uncovered,
  };
}

/**
 * Code points as `U+4E2D U+6587`, the form the `X-Vitrine-Uncovered` header and logs use.
 *
 * @example
 * codePointList([0x4e2d]); // 'U+4E2D'
 */
export function codePointList(cps: readonly number[]): string {
  return cps.map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}
