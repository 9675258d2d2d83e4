import { describe, expect, it } from 'vitest';
import { decodeF16, encodeF16, f16BitsToF32, f16Table, f32ToF16Bits } from '#shared/codec';
import { createRng } from '#shared/random';

const isNaN16 = (h: number) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;

describe('f16 conversion', () => {
  it('maps known values to their IEEE binary16 bit patterns', () => {
    const cases: Array<[number, number]> = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest finite
      [65519.99, 0x7bff], // just below the rounding boundary
      [65520, 0x7c00], // halfway to 2^16 rounds to Infinity
      [1e9, 0x7c00],
      [Number.NEGATIVE_INFINITY, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -25, 0x0000], // exactly half of it: ties to even (0)
      [3 * 2 ** -26, 0x0001], // 0.75 of it: rounds up
      [1.5 * 2 ** -24, 0x0002], // tie between 1 and 2: even is 2
      [2.5 * 2 ** -24, 0x0002], // tie between 2 and 3: even is 2
      [1 + 2 ** -11, 0x3c00], // tie between 1 and 1+2^-10: even mantissa wins
      [1 + 3 * 2 ** -11, 0x3c02], // tie between 0x3c01 and 0x3c02: even wins
      [2 ** -14 - 2 ** -25, 0x0400], // subnormal that rounds up into the smallest normal
      [1e-10, 0x0000],
    ];
    for (const [x, bits] of cases) expect([x, f32ToF16Bits(x)]).toEqual([x, bits]);
    expect(isNaN16(f32ToF16Bits(Number.NaN))).toBe(true);
    expect(Number.isNaN(f16BitsToF32(0x7e00))).toBe(true);
  });

  it('round-trips every one of the 65 536 bit patterns exactly (NaN stays NaN)', () => {
    const table = f16Table();
    let mismatches = 0;
    for (let h = 0; h < 0x10000; h++) {
      const x = f16BitsToF32(h);
      if (isNaN16(h)) {
        if (!Number.isNaN(x) || !isNaN16(f32ToF16Bits(x)) || !Number.isNaN(table[h]!)) mismatches++;
      } else if (f32ToF16Bits(x) !== h || !Object.is(table[h], x)) {
        mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('always picks the nearest binary16 value, and the even one on ties', () => {
    const rng = createRng(16);
    let bad = 0;
    for (let i = 0; i < 20_000; i++) {
      // Magnitudes from deep subnormal to beyond the f16 range.
      const x = Math.fround(rng.normal() * 2 ** (rng.nextInt(46) - 30));
      const h = f32ToF16Bits(x);
      const y = f16BitsToF32(h);
      if (!Number.isFinite(y)) {
        if (Math.abs(x) < 65520) bad++;
        continue;
      }
      const d = Math.abs(x - y);
      // Neighbours one ulp either side (same sign; crossing zero/Infinity is harmless here).
      for (const n of [h - 1, h + 1]) {
        if ((n & 0x7fff) > 0x7bff || n < 0 || (n ^ h) & 0x8000) continue;
        const dn = Math.abs(x - f16BitsToF32(n));
        if (dn < d || (dn === d && (h & 1) === 1)) bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('converts arrays both ways', () => {
    const bits = encodeF16(new Float32Array([0.5, -2, 65504]));
    expect(Array.from(bits)).toEqual([0x3800, 0xc000, 0x7bff]);
    expect(Array.from(decodeF16(bits))).toEqual([0.5, -2, 65504]);
  });
});
