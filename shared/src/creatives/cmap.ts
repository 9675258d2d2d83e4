/**
 * A font's cmap (character → glyph): the Windows Unicode subtable with the full repertoire
 * (format 12), else the BMP one (format 4), looked up by binary search in the font's bytes.
 *
 * Spec: https://learn.microsoft.com/typography/opentype/spec/cmap
 */

/**
 * The glyph lookup of the font's cmap table at `cmap`; a lookup gives 0 (.notdef) for a code
 * point the font lacks.
 *
 * @example
 * const glyphOf = readCmap(view, cmapOffset); glyphOf(0x41); // the glyph of 'A'
 */
export function readCmap(v: DataView, cmap: number): (codePoint: number) => number {
  let format4: number | undefined;
  for (let i = 0; i < v.getUint16(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    const [platform, encoding] = [v.getUint16(at), v.getUint16(at + 2)];
    const sub = cmap + v.getUint32(at + 4);
    if (platform === 3 && encoding === 10 && v.getUint16(sub) === 12) return cmap12(v, sub);
    if ((platform === 3 && encoding === 1) || platform === 0) if (v.getUint16(sub) === 4) format4 ??= sub;
  }
  if (format4 === undefined) throw new Error('font has no Unicode cmap (format 4 or 12)');
  return cmap4(v, format4);
}

function cmap4(v: DataView, sub: number): (cp: number) => number {
  const segments = v.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let [lo, hi] = [0, segments - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v.getUint16(ends + mid * 2) < cp) lo = mid + 1;
      else hi = mid;
    }
    const start = v.getUint16(starts + lo * 2);
    if (cp < start || cp > v.getUint16(ends + lo * 2)) return 0;
    const delta = v.getUint16(deltas + lo * 2);
    const range = v.getUint16(ranges + lo * 2);
    if (range === 0) return (cp + delta) & 0xffff;
    const gid = v.getUint16(ranges + lo * 2 + range + (cp - start) * 2);
    return gid === 0 ? 0 : (gid + delta) & 0xffff;
  };
}

function cmap12(v: DataView, sub: number): (cp: number) => number {
  const groups = v.getUint32(sub + 12);
  return (cp) => {
    let [lo, hi] = [0, groups - 1];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = sub + 16 + mid * 12;
      if (cp < v.getUint32(at)) hi = mid - 1;
      else if (cp > v.getUint32(at + 4)) lo = mid + 1;
      else return v.getUint32(at + 8) + cp - v.getUint32(at);
    }
    return 0;
  };
}
