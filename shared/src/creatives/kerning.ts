/**
 * Pair kerning from a font's GPOS table: the lookups of every `kern` feature, pair adjustment
 * (lookup type 2, or type 9 extensions of it) in both formats — glyph pairs (format 1) and class
 * pairs (format 2) — reading the first glyph's x-advance adjustment, which is what kerning
 * changes in horizontal text. Read straight from the bytes per pair and remembered, so a banner
 * pays only for the pairs it sets.
 *
 * Spec: https://learn.microsoft.com/typography/opentype/spec/gpos (PairPos, Extension),
 * chapter2 (Coverage, ClassDef, FeatureList, LookupList).
 */

const PAIR = 2;
const EXTENSION = 9;
/** ValueRecord bits: XPlacement, YPlacement, XAdvance… */
const X_ADVANCE = 0x0004;

const bitCount = (n: number) => {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
};

export class PairKerning {
  private readonly subtables: number[] = [];
  private readonly known = new Map<number, number>();

  constructor(
    private readonly v: DataView,
    gpos: number,
  ) {
    const features = gpos + v.getUint16(gpos + 6);
    const lookups = gpos + v.getUint16(gpos + 8);
    const indices = new Set<number>();
    for (let i = 0; i < v.getUint16(features); i++) {
      const at = features + 2 + i * 6;
      if (v.getUint32(at) !== 0x6b65726e) continue; // 'kern'
      const feature = features + v.getUint16(at + 4);
      for (let k = 0; k < v.getUint16(feature + 2); k++) indices.add(v.getUint16(feature + 4 + k * 2));
    }
    for (const index of [...indices].sort((a, b) => a - b)) {
      const lookup = lookups + v.getUint16(lookups + 2 + index * 2);
      const type = v.getUint16(lookup);
      for (let s = 0; s < v.getUint16(lookup + 4); s++) {
        let sub = lookup + v.getUint16(lookup + 6 + s * 2);
        if (type === EXTENSION) {
          if (v.getUint16(sub + 2) !== PAIR) continue;
          sub += v.getUint32(sub + 4);
        } else if (type !== PAIR) continue;
        this.subtables.push(sub);
      }
    }
  }

  /** The x-advance adjustment of `left` followed by `right`, font units. */
  get(left: number, right: number): number {
    const key = left * 65536 + right;
    let value = this.known.get(key);
    if (value === undefined) {
      value = 0;
      for (const sub of this.subtables) {
        const found = this.pair(sub, left, right);
        if (found !== undefined) {
          value = found;
          break;
        }
      }
      this.known.set(key, value);
    }
    return value;
  }

  /** The adjustment one PairPos subtable gives, or undefined when it does not cover the pair. */
  private pair(sub: number, left: number, right: number): number | undefined {
    const v = this.v;
    const coverage = covered(v, sub + v.getUint16(sub + 2), left);
    if (coverage < 0) return undefined;
    const format1 = v.getUint16(sub + 4);
    const size = 2 * (bitCount(format1) + bitCount(v.getUint16(sub + 6)));
    const advanceAt = (record: number) =>
      format1 & X_ADVANCE ? v.getInt16(record + 2 * bitCount(format1 & (X_ADVANCE - 1))) : 0;
    if (v.getUint16(sub) === 1) {
      const set = sub + v.getUint16(sub + 10 + coverage * 2);
      const count = v.getUint16(set);
      let [lo, hi] = [0, count - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = set + 2 + mid * (2 + size);
        const glyph = v.getUint16(at);
        if (glyph === right) return advanceAt(at + 2);
        if (glyph < right) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    }
    const class1 = classOf(v, sub + v.getUint16(sub + 8), left);
    const class2 = classOf(v, sub + v.getUint16(sub + 10), right);
    const class2Count = v.getUint16(sub + 14);
    return advanceAt(sub + 16 + (class1 * class2Count + class2) * size);
  }
}

/** Index of `glyph` in a Coverage table, −1 when not covered. */
function covered(v: DataView, table: number, glyph: number): number {
  const format = v.getUint16(table);
  const count = v.getUint16(table + 2);
  let [lo, hi] = [0, count - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (format === 1) {
      const g = v.getUint16(table + 4 + mid * 2);
      if (g === glyph) return mid;
      if (g < glyph) lo = mid + 1;
      else hi = mid - 1;
    } else {
      const at = table + 4 + mid * 6;
      if (glyph < v.getUint16(at)) hi = mid - 1;
      else if (glyph > v.getUint16(at + 2)) lo = mid + 1;
      else return v.getUint16(at + 4) + glyph - v.getUint16(at);
    }
  }
  return -1;
}

/** The class of `glyph` in a ClassDef table (0 when it lists none). */
function classOf(v: DataView, table: number, glyph: number): number {
  if (v.getUint16(table) === 1) {
    const first = v.getUint16(table + 2);
    const i = glyph - first;
    return i >= 0 && i < v.getUint16(table + 4) ? v.getUint16(table + 6 + i * 2) : 0;
  }
  let [lo, hi] = [0, v.getUint16(table + 2) - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = table + 4 + mid * 6;
    if (glyph < v.getUint16(at)) hi = mid - 1;
    else if (glyph > v.getUint16(at + 2)) lo = mid + 1;
    else return v.getUint16(at + 4);
  }
  return 0;
}
