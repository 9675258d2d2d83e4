/**
 * The IDX container used by MNIST-style data sets: a big-endian header (two zero bytes, a type
 * code, the number of dimensions, then one u32 per dimension) followed by the raw payload.
 * Only the unsigned-byte type (0x08) is used by Fashion-MNIST, so only it is supported; any other
 * header is a `corrupt` error rather than a silent misread.
 *
 * Pure functions over `Uint8Array`; gzip is handled by the caller (node:zlib).
 */
import { AppError } from '#shared/errors';

/** IDX type code for unsigned bytes. */
const UBYTE = 0x08;

export interface IdxArray {
  /** Size of each dimension, outermost first (e.g. [n, 28, 28]). */
  dims: number[];
  /** Row-major payload, one byte per element. */
  data: Uint8Array;
}

/**
 * Decodes an uncompressed IDX file of unsigned bytes.
 *
 * @example
 * const { dims, data } = parseIdx(gunzipSync(readFileSync('t10k-labels-idx1-ubyte.gz')));
 * // dims = [10000], data[i] = label of image i
 */
export function parseIdx(bytes: Uint8Array, name = 'idx'): IdxArray {
  if (bytes.length < 4) throw new AppError('corrupt', `${name}: too short for an IDX header`, { key: name });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE) {
    throw new AppError('corrupt', `${name}: not an unsigned-byte IDX file (bad magic)`, { key: name });
  }
  const rank = bytes[3] ?? 0;
  const headerSize = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerSize) {
    throw new AppError('corrupt', `${name}: truncated IDX header`, { key: name });
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== headerSize + size) {
    throw new AppError(
      'corrupt',
      `${name}: payload is ${bytes.length - headerSize} bytes, header says ${size} (dims ${dims.join('×')})`,
      { key: name },
    );
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/**
 * Encodes unsigned bytes as an uncompressed IDX file (the inverse of {@link parseIdx}).
 *
 * @example
 * const bytes = encodeIdx([2], new Uint8Array([3, 7]));
 */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new RangeError(`encodeIdx: dims ${dims.join('×')} ≠ ${data.length} bytes`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}
