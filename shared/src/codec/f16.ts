/**
 * IEEE 754 binary16 ("half") conversion, used to halve shard size on the edge.
 *
 * f32 → f16 rounds to nearest, ties to even, the same rule as hardware `vcvtps2ph`: values too
 * large become ±Infinity, values below half the smallest subnormal (2^-25) become ±0, and
 * subnormals are produced exactly. NaN stays NaN (quiet bit set, top payload bits kept).
 * f16 → f32 is exact; `f16Table()` caches all 65 536 results (256 KiB) so scoring a row is one
 * array lookup per element instead of bit fiddling.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The binary16 bit pattern nearest to `value` (round half to even).
 *
 * @example
 * f32ToF16Bits(1); // 0x3c00
 * f32ToF16Bits(65520); // 0x7c00 (rounds to Infinity)
 */
export function f32ToF16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;

  if (exp === 0xff) {
    // Infinity keeps a zero mantissa; NaN keeps its top payload bits and is forced quiet.
    return mant === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13);
  }
  const e = exp - 112; // rebias: 127 (f32) → 15 (f16)
  if (e >= 0x1f) return sign | 0x7c00;

  if (e <= 0) {
    // Result is an f16 subnormal (or zero): m · 2^-24 with m = full · 2^(e - 14).
    const shift = 14 - e;
    if (shift > 24) return sign; // below 2^-25: rounds to zero (2^-25 itself ties to even 0)
    const full = mant | 0x800000;
    let m = full >>> shift;
    const rem = full & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (m & 1) === 1)) m++;
    // m may reach 0x400, which is exactly the smallest normal's bit pattern.
    return sign | m;
  }

  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa bumps the exponent, up to 0x7c00 = Infinity: also correct.
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++;
  return sign | h;
}

/**
 * The exact f32 value of a binary16 bit pattern.
 *
 * @example
 * f16BitsToF32(0x3c00); // 1
 * f16BitsToF32(0x0001); // 2 ** -24 (smallest subnormal)
 */
export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

let table: Float32Array | undefined;

/**
 * Lookup table of every binary16 pattern's f32 value, built once per isolate on first use.
 *
 * @example
 * const t = f16Table(); const x = t[bits]!;
 */
export function f16Table(): Float32Array {
  if (table === undefined) {
    const t = new Float32Array(0x10000);
    for (let i = 0; i < 0x10000; i++) t[i] = f16BitsToF32(i);
    table = t;
  }
  return table;
}

/**
 * Converts a whole f32 array to binary16 bits.
 *
 * @example
 * const bits = encodeF16(new Float32Array([0.5, -2])); // Uint16Array [0x3800, 0xc000]
 */
export function encodeF16(values: Float32Array, out = new Uint16Array(values.length)): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = f32ToF16Bits(values[i] as number);
  return out;
}

/**
 * Converts binary16 bits back to f32 (exact).
 *
 * @example
 * decodeF16(new Uint16Array([0x3800])); // Float32Array [0.5]
 */
export function decodeF16(bits: Uint16Array, out = new Float32Array(bits.length)): Float32Array {
  const t = f16Table();
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i] as number] as number;
  return out;
}
