/**
 * The bundled Inter faces (OFL, @fontsource/inter) by subset, and which subset a character needs.
 * Only `latin` is opened with the engine; every other subset is unwrapped the first time a
 * banner's copy has a character in its range, so Latin copy never pays for Cyrillic, Greek or
 * Vietnamese (each face is 10–40 KB of WOFF to inflate).
 *
 * The ranges are @fontsource/inter's `unicode.json` (the CSS `unicode-range` of each subset;
 * tests/batch/creatives/faces.test.ts checks they match the installed package). Subsets overlap
 * (U+0301 is in Cyrillic and Vietnamese): a character takes the first subset of `INTER_SUBSETS`
 * whose range has it, so which faces a banner uses depends on its copy alone — the same bytes in
 * Node and workerd whatever was drawn before.
 */
import { sfntOf } from './fonts.ts';
import { SfntFont } from './sfnt.ts';

/** Subsets in the order a character looks for its face (Latin first, then the one that first has it). */
export const INTER_SUBSETS = [
  'latin',
  'latin-ext',
  'vietnamese',
  'cyrillic',
  'cyrillic-ext',
  'greek',
  'greek-ext',
] as const;
export type InterSubset = (typeof INTER_SUBSETS)[number];

/** A font face the banners use (TrueType, as sfnt or WOFF bytes). */
export interface FontFace {
  subset: InterSubset;
  weight: 400 | 700;
  data: ArrayBuffer;
}

/** The face of one subset in both weights. */
export interface FacePair {
  regular: SfntFont;
  bold: SfntFont;
}

/** @fontsource/inter 5's unicode.json (`latin` is always open, so its range is not consulted). */
export const INTER_UNICODE_RANGES: Record<Exclude<InterSubset, 'latin'>, string> = {
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  vietnamese:
    'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  'cyrillic-ext': 'U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F',
  greek: 'U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF',
  'greek-ext': 'U+1F00-1FFF',
};

const parseRanges = (css: string): [number, number][] =>
  css.split(',').map((part) => {
    const [lo, hi = lo] = part.slice(2).split('-') as [string, string?];
    return [Number.parseInt(lo, 16), Number.parseInt(hi, 16)];
  });

const RANGES = (Object.entries(INTER_UNICODE_RANGES) as [InterSubset, string][]).map(
  ([subset, css]) => [subset, parseRanges(css)] as const,
);

/**
 * The first subset after `latin` whose range has `cp` (undefined: no bundled face has it).
 *
 * @example
 * subsetOf(0x0416); // 'cyrillic' (Ж)
 */
export function subsetOf(cp: number): InterSubset | undefined {
  for (const [subset, ranges] of RANGES)
    for (const [lo, hi] of ranges) if (cp >= lo && cp <= hi) return subset;
  return undefined;
}

const openFace = async (face: FontFace | undefined) =>
  face === undefined ? undefined : new SfntFont(await sfntOf(face.data));

/**
 * The faces of `faces` opened on demand: each subset unwrapped once (both weights), the first
 * time it is asked for.
 */
export class InterFaces {
  private readonly opened = new Map<InterSubset, Promise<FacePair | undefined>>();

  constructor(private readonly faces: readonly FontFace[]) {}

  /** Both weights of `subset` (undefined when the engine was given no such faces). */
  open(subset: InterSubset): Promise<FacePair | undefined> {
    let pair = this.opened.get(subset);
    if (pair === undefined) {
      const face = (weight: 400 | 700) => this.faces.find((f) => f.subset === subset && f.weight === weight);
      pair = Promise.all([openFace(face(400)), openFace(face(700))]).then(([regular, bold]) =>
        regular === undefined || bold === undefined ? undefined : { regular, bold },
      );
      pair.catch(() => this.opened.delete(subset)); // a failed unwrap may be retried
      this.opened.set(subset, pair);
    }
    return pair;
  }
}
