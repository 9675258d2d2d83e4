/**
 * A TrueType (sfnt) font read for banners: character → glyph (cmap formats 4 and 12), advance
 * widths (hmtx), vertical metrics (hhea), glyph outlines (glyf/loca, simple and composite glyphs)
 * and pair kerning (GPOS, kerning.ts). Everything is read lazily from the font's bytes and each
 * glyph's outline is decoded once, so opening a font costs a table directory and a banner pays
 * only for the glyphs it draws — where a general font library parses every table up front (the
 * cold first banner, docs/benchmarks.md).
 *
 * Spec: https://learn.microsoft.com/typography/opentype/spec/ (cmap, hmtx, hhea, head, loca, glyf).
 */
import { readCmap } from './cmap.ts';
import { PairKerning } from './kerning.ts';

/** One outline command in font units, y up: move, line, quadratic curve (control, end), close. */
export type OutlineCommand =
  | { op: 'M' | 'L'; x: number; y: number }
  | { op: 'Q'; cx: number; cy: number; x: number; y: number }
  | { op: 'Z' };

interface Point {
  x: number;
  y: number;
  onCurve: boolean;
}

/** Composite glyph component flags (glyf). */
const ARGS_ARE_WORDS = 0x0001;
const ARGS_ARE_XY = 0x0002;
const HAVE_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAVE_XY_SCALE = 0x0040;
const HAVE_2X2 = 0x0080;

export class SfntFont {
  readonly unitsPerEm: number;
  /** hhea ascender and descender (descender negative), font units. */
  readonly ascender: number;
  readonly descender: number;
  private readonly view: DataView;
  private readonly tables = new Map<string, number>();
  private readonly hMetrics: number;
  private readonly longLoca: boolean;
  private readonly cmap: (codePoint: number) => number;
  private readonly outlines = new Map<number, OutlineCommand[]>();
  private kerning: PairKerning | undefined;

  constructor(bytes: ArrayBuffer) {
    this.view = new DataView(bytes);
    const v = this.view;
    for (let i = 0; i < v.getUint16(4); i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(
        v.getUint8(at),
        v.getUint8(at + 1),
        v.getUint8(at + 2),
        v.getUint8(at + 3),
      );
      this.tables.set(tag, v.getUint32(at + 8));
    }
    const head = this.table('head');
    this.unitsPerEm = v.getUint16(head + 18);
    this.longLoca = v.getInt16(head + 50) === 1;
    const hhea = this.table('hhea');
    this.ascender = v.getInt16(hhea + 4);
    this.descender = v.getInt16(hhea + 6);
    this.hMetrics = v.getUint16(hhea + 34);
    this.cmap = readCmap(v, this.table('cmap'));
  }

  private table(tag: string): number {
    const at = this.tables.get(tag);
    if (at === undefined) throw new Error(`font has no ${tag} table`);
    return at;
  }

  /** The glyph of a code point; 0 (.notdef) when the font has none. */
  glyphOf(codePoint: number): number {
    return this.cmap(codePoint);
  }

  /** Advance width of glyph `gid`, font units. */
  advance(gid: number): number {
    const i = Math.min(gid, this.hMetrics - 1);
    return this.view.getUint16(this.table('hmtx') + i * 4);
  }

  /** Kerning between two glyphs of this font, font units (GPOS `kern`; 0 without one). */
  kern(left: number, right: number): number {
    if (!this.tables.has('GPOS')) return 0;
    this.kerning ??= new PairKerning(this.view, this.table('GPOS'));
    return this.kerning.get(left, right);
  }

  /** The outline of glyph `gid`, font units, y up (decoded once). */
  outline(gid: number): readonly OutlineCommand[] {
    let commands = this.outlines.get(gid);
    if (commands === undefined) {
      commands = [];
      for (const contour of this.contours(gid, 0)) commands.push(...contourPath(contour));
      this.outlines.set(gid, commands);
    }
    return commands;
  }

  /** Byte range of glyph `gid` in glyf (empty for a blank glyph). */
  private glyphRange(gid: number): [number, number] {
    const loca = this.table('loca');
    const v = this.view;
    const at = (i: number) => (this.longLoca ? v.getUint32(loca + i * 4) : v.getUint16(loca + i * 2) * 2);
    const glyf = this.table('glyf');
    return [glyf + at(gid), glyf + at(gid + 1)];
  }

  private contours(gid: number, depth: number): Point[][] {
    const [start, end] = this.glyphRange(gid);
    if (end <= start || depth > 8) return [];
    const count = this.view.getInt16(start);
    return count >= 0 ? this.simple(start, count) : this.composite(start, depth);
  }

  /** A simple glyph's contours: end points, instructions (skipped), flags, then x and y deltas. */
  private simple(start: number, count: number): Point[][] {
    const v = this.view;
    let at = start + 10;
    const ends = Array.from({ length: count }, (_, i) => v.getUint16(at + i * 2));
    at += count * 2;
    at += 2 + v.getUint16(at);
    const total = count === 0 ? 0 : (ends[count - 1] as number) + 1;
    const flags = new Uint8Array(total);
    for (let i = 0; i < total; ) {
      const flag = v.getUint8(at++);
      flags[i++] = flag;
      if (flag & 8) for (let r = v.getUint8(at++); r > 0; r--) flags[i++] = flag;
    }
    const coords = (short: number, same: number) => {
      const out = new Array<number>(total);
      for (let i = 0, value = 0; i < total; i++) {
        const f = flags[i] as number;
        if (f & short) value += f & same ? v.getUint8(at++) : -v.getUint8(at++);
        else if (!(f & same)) {
          value += v.getInt16(at);
          at += 2;
        }
        out[i] = value;
      }
      return out;
    };
    const xs = coords(2, 16);
    const ys = coords(4, 32);
    const contours: Point[][] = [];
    for (let c = 0, first = 0; c < count; c++) {
      const last = ends[c] as number;
      const points: Point[] = [];
      for (let i = first; i <= last; i++)
        points.push({ x: xs[i] as number, y: ys[i] as number, onCurve: ((flags[i] as number) & 1) === 1 });
      contours.push(points);
      first = last + 1;
    }
    return contours;
  }

  /** A composite glyph: its components' contours, each scaled and moved (x/y offsets only). */
  private composite(start: number, depth: number): Point[][] {
    const v = this.view;
    const out: Point[][] = [];
    let at = start + 10;
    for (let flags = MORE_COMPONENTS; flags & MORE_COMPONENTS; ) {
      flags = v.getUint16(at);
      const gid = v.getUint16(at + 2);
      at += 4;
      const words = (flags & ARGS_ARE_WORDS) !== 0;
      const dx = words ? v.getInt16(at) : v.getInt8(at);
      const dy = words ? v.getInt16(at + 2) : v.getInt8(at + 1);
      at += words ? 4 : 2;
      const f2dot14 = (o: number) => v.getInt16(o) / 16384;
      let [a, b, c, d] = [1, 0, 0, 1];
      if (flags & HAVE_SCALE) {
        a = d = f2dot14(at);
        at += 2;
      } else if (flags & HAVE_XY_SCALE) {
        [a, d] = [f2dot14(at), f2dot14(at + 2)];
        at += 4;
      } else if (flags & HAVE_2X2) {
        [a, b, c, d] = [f2dot14(at), f2dot14(at + 2), f2dot14(at + 4), f2dot14(at + 6)];
        at += 8;
      }
      // Point-matched placement (ARGS_ARE_XY unset) is not used by the bundled faces: offset 0.
      const [ox, oy] = flags & ARGS_ARE_XY ? [dx, dy] : [0, 0];
      for (const contour of this.contours(gid, depth + 1))
        out.push(
          contour.map((p) => ({ x: a * p.x + c * p.y + ox, y: b * p.x + d * p.y + oy, onCurve: p.onCurve })),
        );
    }
    return out;
  }
}

/**
 * One contour of TrueType points as path commands: runs of off-curve points get their implied
 * on-curve midpoints, and the contour starts on an on-curve point (or, when it has none, on the
 * midpoint of its first two).
 */
function contourPath(points: readonly Point[]): OutlineCommand[] {
  const n = points.length;
  if (n === 0) return [];
  const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, onCurve: true });
  const firstOn = points.findIndex((p) => p.onCurve);
  const start = firstOn >= 0 ? (points[firstOn] as Point) : mid(points[0] as Point, points[1 % n] as Point);
  // The points after the start, ending back on it: rotated from an on-curve start, or (no
  // on-curve point) the second point onwards, the first, then the start midpoint.
  const rest =
    firstOn >= 0
      ? Array.from({ length: n }, (_, k) => points[(firstOn + 1 + k) % n] as Point)
      : [...points.slice(1), points[0] as Point, start];
  const out: OutlineCommand[] = [{ op: 'M', x: start.x, y: start.y }];
  let control: Point | undefined;
  for (const p of rest) {
    if (p.onCurve) {
      out.push(
        control === undefined
          ? { op: 'L', x: p.x, y: p.y }
          : { op: 'Q', cx: control.x, cy: control.y, x: p.x, y: p.y },
      );
      control = undefined;
    } else {
      if (control !== undefined) {
        const m = mid(control, p);
        out.push({ op: 'Q', cx: control.x, cy: control.y, x: m.x, y: m.y });
      }
      control = p;
    }
  }
  if (control !== undefined) out.push({ op: 'Q', cx: control.x, cy: control.y, x: start.x, y: start.y });
  out.push({ op: 'Z' });
  return out;
}
