/**
 * Dot product over row-major Float32Array storage, by offset, so callers score rows of a big
 * matrix without creating subarray views (no allocation per row).
 */

/**
 * Σ a[aOff + j] · b[bOff + j] for j in [0, dim), accumulated in f64. O(dim).
 * Four independent accumulators let V8 pipeline the multiply-adds; results can differ from a
 * naive left-to-right sum in the last bits, identically in Node and workerd.
 *
 * @example
 * dot(query, 0, itemFactors, row * dim, dim);
 */
export function dot(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  const end4 = dim - (dim % 4);
  for (; j < end4; j += 4) {
    s0 += (a[aOff + j] as number) * (b[bOff + j] as number);
    s1 += (a[aOff + j + 1] as number) * (b[bOff + j + 1] as number);
    s2 += (a[aOff + j + 2] as number) * (b[bOff + j + 2] as number);
    s3 += (a[aOff + j + 3] as number) * (b[bOff + j + 3] as number);
  }
  for (; j < dim; j++) s0 += (a[aOff + j] as number) * (b[bOff + j] as number);
  return s0 + s1 + (s2 + s3);
}
