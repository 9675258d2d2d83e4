/**
 * Banner composition (shared by the batch library and the edge creative Worker): PNGs decode to
 * the declared size, are byte-stable, and draw text and product where the layout says.
 */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_STYLE,
  canRender,
  composeCreative,
  generatorInputs,
  LAYOUTS,
  type Raster,
  renderCreativePng,
  templateColors,
  textWidth,
} from '#shared/creatives';
import { createRng } from '#shared/random';
import { CATEGORIES, CREATIVE_SIZES, CREATIVE_TEMPLATES, CreativeCopy } from '#shared/schemas';

/** A seeded blob-like 28×28 image in [-1, 1]. */
function blob(seed: number): Float32Array {
  const rng = createRng(seed);
  const cx = 10 + rng.next() * 8;
  const cy = 10 + rng.next() * 8;
  return Float32Array.from({ length: 784 }, (_, i) => {
    const d = Math.hypot((i % 28) - cx, Math.floor(i / 28) - cy);
    return Math.max(-1, Math.min(1, 1.5 - d / 5)) * 0.98 + (rng.next() - 0.5) * 0.02;
  });
}

function pixel(r: Raster, x: number, y: number): [number, number, number] {
  const i = (y * r.width + x) * 4;
  return [r.data[i]!, r.data[i + 1]!, r.data[i + 2]!];
}

const blank = new Float32Array(784).fill(-1);

/** Byte equality without vitest's element-by-element diffing (slow on 200 KB rasters). */
function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return Buffer.from(Uint8Array.from(a)).equals(Buffer.from(Uint8Array.from(b)));
}

describe('creative PNGs', () => {
  it.each(CREATIVE_SIZES.flatMap((size) => CREATIVE_TEMPLATES.map((template) => [size, template] as const)))(
    '%s / %s decodes to the declared size as 8-bit RGB of an opaque raster',
    (size, template) => {
      const spec = { category: 'sneaker', size, template };
      const png = renderCreativePng({ image: blob(1), spec });
      const decoded = decode(png);
      expect([decoded.width, decoded.height]).toEqual([LAYOUTS[size].width, LAYOUTS[size].height]);
      expect([decoded.channels, decoded.depth]).toEqual([3, 8]);
      // The encoder drops alpha: that is lossless only because composition never leaves it < 255.
      const raster = composeCreative({ image: blob(1), spec });
      let opaque = true;
      for (let i = 3; i < raster.data.length; i += 4) opaque &&= raster.data[i] === 255;
      expect(opaque).toBe(true);
    },
  );

  it('gives byte-identical PNGs for the same inputs and different ones for another image', () => {
    const spec = { category: 'dress', size: 'medium-rectangle', template: 'bold' };
    const a = renderCreativePng({ image: blob(5), spec });
    const b = renderCreativePng({ image: blob(5), spec: { ...spec } });
    expect(sameBytes(b, a)).toBe(true);
    expect(sameBytes(renderCreativePng({ image: blob(6), spec }), a)).toBe(false);
  });

  it.each(CREATIVE_SIZES)('round-trips the composed %s raster through PNG exactly', (size) => {
    const spec = { category: 'coat', size, template: 'bold' };
    const raster = composeCreative({ image: blob(2), spec });
    const rgb = raster.data.filter((_, i) => i % 4 !== 3);
    expect(sameBytes(decode(renderCreativePng({ image: blob(2), spec })).data, rgb)).toBe(true);
  });
});

describe('composition', () => {
  it('puts the ink of a title "L" exactly where the 5×7 glyph says, at the layout scale', () => {
    const spec = { category: 'bag', size: 'medium-rectangle', template: 'classic', copy: { title: 'L' } };
    const r = composeCreative({ image: blank, spec });
    const { text, background } = templateColors('classic', CATEGORY_STYLE.bag.color);
    const box = LAYOUTS['medium-rectangle'].title;
    const s = box.scale;
    const x0 = box.x + Math.floor((box.w - textWidth('L', s)) / 2);
    const y0 = box.y;
    for (let y = y0 - 2; y < y0 + 7 * s + 2; y++) {
      for (let x = x0 - 2; x < x0 + 5 * s + 2; x++) {
        const col = Math.floor((x - x0) / s);
        const row = Math.floor((y - y0) / s);
        const inside = col >= 0 && col < 5 && row >= 0 && row < 7;
        const ink = inside && (col === 0 || row === 6);
        expect(pixel(r, x, y), `(${x},${y})`).toEqual(ink ? [...text] : [...background]);
      }
    }
  });

  it('paints the product box in the background colour for −1 and in the ink colour for +1', () => {
    const spec = { category: 'trouser', size: 'mobile-banner', template: 'bold' } as const;
    const colors = templateColors('bold', CATEGORY_STYLE.trouser.color);
    const box = LAYOUTS[spec.size].image;
    const empty = composeCreative({ image: blank, spec });
    const full = composeCreative({ image: new Float32Array(784).fill(1), spec });
    for (const [x, y] of [
      [box.x, box.y],
      [box.x + box.size - 1, box.y + box.size - 1],
      [box.x + 40, box.y + 13],
    ] as const) {
      expect(pixel(empty, x, y)).toEqual([...colors.background]);
      expect(pixel(full, x, y)).toEqual([...colors.ink]);
    }
    // Just outside the box the product never bleeds.
    expect(pixel(full, box.x + box.size, box.y + 5)).toEqual([...colors.background]);
  });

  it('steps a long title down to a smaller scale so it stays inside its box', () => {
    const title = 'WWWWWWWWWWWWWWWWWWWWWWWW';
    const spec = { category: 'shirt', size: 'medium-rectangle', template: 'classic', copy: { title } };
    const r = composeCreative({ image: blank, spec });
    const { text } = templateColors('classic', CATEGORY_STYLE.shirt.color);
    const box = LAYOUTS['medium-rectangle'].title;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = -1;
    for (let y = box.y; y < box.y + 7 * box.scale; y++) {
      for (let x = 0; x < r.width; x++) {
        if (pixel(r, x, y).every((v, c) => v === text[c])) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
        }
      }
    }
    expect(minX).toBeGreaterThanOrEqual(box.x);
    expect(maxX).toBeLessThan(box.x + box.w);
    expect(maxX - minX + 1).toBe(textWidth(title, 1));
  });

  it('rejects unknown sizes, templates, categories and unrenderable text naming the field', () => {
    const base = { category: 'bag', size: 'leaderboard', template: 'classic' };
    const fieldOf = (spec: unknown) => {
      try {
        composeCreative({ image: blank, spec });
      } catch (e) {
        return [(e as { kind: string }).kind, (e as { field: string }).field];
      }
      return undefined;
    };
    expect(fieldOf({ ...base, size: '468x60' })).toEqual(['invalid_argument', 'size']);
    expect(fieldOf({ ...base, template: 'neon' })).toEqual(['invalid_argument', 'template']);
    expect(fieldOf({ ...base, category: 'hat' })).toEqual(['invalid_argument', 'category']);
    expect(fieldOf({ ...base, copy: { title: 'Ünïcode ✓' } })).toEqual(['invalid_argument', 'copy.title']);
  });

  it('has a glyph for every character the copy schema accepts, and default copy that validates', () => {
    const accepted = [
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,!?'&%+-:/()#*>€$£",
    ];
    expect(CreativeCopy.shape.title.safeParse(accepted.join('').slice(0, 24)).success).toBe(true);
    for (const ch of accepted) expect(canRender(ch), ch).toBe(true);
    expect(canRender('~')).toBe(false);
    for (const c of CATEGORIES) expect(CreativeCopy.safeParse(CATEGORY_STYLE[c].copy).success, c).toBe(true);
  });
});

describe('generator inputs', () => {
  it('derives seeded noise and a one-hot label per (category, seed), the same on every call', () => {
    const a = generatorInputs(
      [
        { category: 'tshirt', seed: 3 },
        { category: 'ankle_boot', seed: 3 },
        { category: 'bag', seed: 4 },
      ],
      16,
    );
    expect(a.count).toBe(3);
    expect(Array.from(a.label.subarray(0, 10))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(a.label.subarray(10, 20))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(a.label[20 + 8]).toBe(1);
    // Same seed → same noise, whatever the category; another seed → other noise.
    expect(a.noise.subarray(0, 16)).toEqual(a.noise.subarray(16, 32));
    expect(a.noise.subarray(32, 48)).not.toEqual(a.noise.subarray(0, 16));
    expect(generatorInputs([{ category: 'tshirt', seed: 3 }], 16).noise).toEqual(a.noise.subarray(0, 16));
  });
});
