/**
 * Typed-array views over little-endian shard sections. Zero-copy when the host is
 * little-endian (every platform Node and workerd ship on) and the absolute byte offset is a
 * multiple of the element size; otherwise a copy, read through DataView on big-endian hosts.
 * Why copy rather than fail: a shard sliced out of a larger buffer (an R2 range read, a
 * concatenated pack) can land at any byteOffset, and typed arrays refuse unaligned views.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `n` f32 values starting at `pos` of `bytes`. */
export function viewF32(bytes: Uint8Array, pos: number, n: number): Float32Array {
  const abs = bytes.byteOffset + pos;
  if (LITTLE_ENDIAN && abs % 4 === 0) return new Float32Array(bytes.buffer, abs, n);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.slice(pos, pos + 4 * n).buffer);
  const view = new DataView(bytes.buffer, abs, 4 * n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** `n` u16 values starting at `pos` of `bytes`. */
export function viewU16(bytes: Uint8Array, pos: number, n: number): Uint16Array {
  const abs = bytes.byteOffset + pos;
  if (LITTLE_ENDIAN && abs % 2 === 0) return new Uint16Array(bytes.buffer, abs, n);
  if (LITTLE_ENDIAN) return new Uint16Array(bytes.slice(pos, pos + 2 * n).buffer);
  const view = new DataView(bytes.buffer, abs, 2 * n);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getUint16(2 * i, true);
  return out;
}

/** Writes `values` as little-endian f32 at `pos` of `out`. */
export function writeF32(out: Uint8Array, pos: number, values: Float32Array): void {
  const abs = out.byteOffset + pos;
  if (LITTLE_ENDIAN && abs % 4 === 0) {
    new Float32Array(out.buffer, abs, values.length).set(values);
    return;
  }
  const view = new DataView(out.buffer, abs, 4 * values.length);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
}

/** Writes `values` as little-endian u16 at `pos` of `out`. */
export function writeU16(out: Uint8Array, pos: number, values: Uint16Array): void {
  const abs = out.byteOffset + pos;
  if (LITTLE_ENDIAN && abs % 2 === 0) {
    new Uint16Array(out.buffer, abs, values.length).set(values);
    return;
  }
  const view = new DataView(out.buffer, abs, 2 * values.length);
  for (let i = 0; i < values.length; i++) view.setUint16(2 * i, values[i] as number, true);
}
