/**
 * Binary shard codec: one shard = a block of embedding rows with their string ids, as written
 * by the batch index builder and read by the edge scanner. Pure functions over Uint8Array.
 *
 * Body layout after the 24-byte header (see header.ts), every section little-endian:
 *   u32 id offsets [count + 1] · UTF-8 id bytes · zero padding to a 4-byte boundary ·
 *   (int8 only) f32 scale per row [count] · vectors [count × dim] as f32, f16 bits or int8.
 *
 * `decodeShard` never throws and never returns garbage: every length, offset, the UTF-8 of the
 * ids, the int8 scales and a CRC-32 are checked, and the first problem is named in an
 * `AppError('corrupt')`. Vectors are zero-copy views into the input when aligned (so the input
 * must not be mutated afterwards) and copies when the input sits at an unaligned byteOffset.
 */

import { crc32 } from '#shared/crypto';
import { AppError, err, ok, type Result } from '#shared/errors';
import { encodeF16 } from './f16.ts';
import {
  DTYPE_BYTES,
  HEADER_BYTES,
  HEADER_CRC_SPAN,
  readHeader,
  SHARD_DTYPES,
  SHARD_VERSION,
  type ShardDtype,
  writeHeader,
} from './header.ts';
import { encodeIds, offsetTableBytes, readIds, writeIds } from './ids.ts';
import { quantizeInt8 } from './int8.ts';
import { viewF32, viewU16, writeF32, writeU16 } from './views.ts';

interface ShardCommon {
  dim: number;
  count: number;
  /** Row ids, `count` of them, in row order. */
  ids: string[];
}
/** A decoded shard; `data` holds `count × dim` values row-major in the stored dtype. */
export type Shard =
  | (ShardCommon & { dtype: 'f32'; data: Float32Array; scales?: undefined })
  | (ShardCommon & { dtype: 'f16'; data: Uint16Array; scales?: undefined })
  | (ShardCommon & { dtype: 'int8'; data: Int8Array; scales: Float32Array });

export interface EncodeShardInput {
  ids: readonly string[];
  /** `ids.length × dim` values, row-major. */
  vectors: Float32Array;
  dim: number;
  dtype: ShardDtype;
}

const align4 = (n: number): number => (n + 3) & ~3;
const MAX_U32 = 0xffff_ffff;

function corrupt(message: string): Result<never> {
  return err(new AppError('corrupt', message));
}

function checksum(bytes: Uint8Array, bodyBytes: number): number {
  const head = crc32(bytes.subarray(0, HEADER_CRC_SPAN));
  return crc32(bytes.subarray(HEADER_BYTES, HEADER_BYTES + bodyBytes), head);
}

/**
 * Encodes rows and ids into a shard. Throws RangeError only for programmer errors: a vector
 * length that is not `ids.length × dim`, a bad dim or dtype, non-finite values for int8, ids
 * with lone surrogates, or a shard too large for the u32 length fields.
 *
 * @example
 * const bytes = encodeShard({ ids: ['a', 'b'], vectors: new Float32Array([1, 0, 0, 1]), dim: 2, dtype: 'f16' });
 */
export function encodeShard(input: EncodeShardInput): Uint8Array {
  const { ids, vectors, dim, dtype } = input;
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_U32) {
    throw new RangeError(`dim must be an integer ≥ 1, got ${dim}`);
  }
  if (!SHARD_DTYPES.includes(dtype)) throw new RangeError(`unknown dtype ${String(dtype)}`);
  const count = ids.length;
  if (vectors.length !== count * dim) {
    throw new RangeError(
      `vectors has ${vectors.length} values, expected ids.length × dim = ${count} × ${dim}`,
    );
  }
  const encodedIds = encodeIds(ids);
  const idBytes = encodedIds.reduce((n, b) => n + b.length, 0);
  const vectorsAt = align4(HEADER_BYTES + offsetTableBytes(count) + idBytes);
  const scalesBytes = dtype === 'int8' ? 4 * count : 0;
  const total = vectorsAt + scalesBytes + count * dim * DTYPE_BYTES[dtype];
  const bodyBytes = total - HEADER_BYTES;
  if (bodyBytes > MAX_U32) throw new RangeError(`shard body of ${bodyBytes} bytes exceeds 4 GiB`);

  const out = new Uint8Array(total); // zero-filled, so the padding is already zeros
  const view = new DataView(out.buffer);
  writeIds(out, view, HEADER_BYTES, encodedIds);
  const at = vectorsAt + scalesBytes;
  if (dtype === 'f32') {
    writeF32(out, at, vectors);
  } else if (dtype === 'f16') {
    writeU16(out, at, encodeF16(vectors));
  } else {
    const scales = new Float32Array(count);
    quantizeInt8(vectors, dim, new Int8Array(out.buffer, at, count * dim), scales);
    writeF32(out, vectorsAt, scales);
  }
  writeHeader(out, { version: SHARD_VERSION, dtype, dim, count, bodyBytes, crc: 0 });
  view.setUint32(20, checksum(out, bodyBytes), true);
  return out;
}

/**
 * Decodes and fully validates a shard. Never throws; every failure is `AppError('corrupt')`
 * with a message naming what is wrong (truncation, magic, version, dtype, CRC, offsets, UTF-8…).
 *
 * @example
 * const r = decodeShard(bytes);
 * if (!r.ok) return r; // e.g. "shard truncated: header says body is 4096 bytes, 1000 present"
 * const { ids, data, dim } = r.value;
 * @param options.sha256Verified the caller has already checked `bytes` against the sha256 its
 *   manifest names (a stronger check than the CRC): the CRC pass is skipped. On a cold isolate
 *   that pass runs in the interpreter (~10–20 ms over a 166 KB shard of centroids); every
 *   structural check still runs, so hostile bytes stay harmless either way.
 */
export function decodeShard(bytes: Uint8Array, options: { sha256Verified?: boolean } = {}): Result<Shard> {
  try {
    return decodeChecked(bytes, options.sha256Verified === true);
  } catch (cause) {
    // Unreachable by design (every read is bounds-checked first); kept so a codec bug can
    // never turn untrusted bytes into an exception at the edge.
    return err(new AppError('corrupt', `shard could not be decoded: ${String(cause)}`, { cause }));
  }
}

function decodeChecked(bytes: Uint8Array, sha256Verified: boolean): Result<Shard> {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { dtype, dim, count, bodyBytes, crc } = header.value;
  const actual = sha256Verified ? crc : checksum(bytes, bodyBytes);
  if (actual !== crc) {
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
    return corrupt(
      `shard CRC-32 mismatch: header says ${hex(crc)}, header fields and ${bodyBytes}-byte body give ${hex(actual)}`,
    );
  }
  const end = HEADER_BYTES + bodyBytes;
  const scalesBytes = dtype === 'int8' ? 4 * count : 0;
  const vectorBytes = count * dim * DTYPE_BYTES[dtype];
  const fixed = offsetTableBytes(count) + scalesBytes + vectorBytes;
  if (fixed > bodyBytes) {
    return corrupt(
      `shard body of ${bodyBytes} bytes cannot hold ${count} rows of ${dim} ${dtype} values (needs at least ${fixed})`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const idRead = readIds(bytes, view, HEADER_BYTES, count, end - scalesBytes - vectorBytes);
  if (!idRead.ok) return idRead;
  const { ids, end: idsEnd } = idRead.value;
  const vectorsAt = align4(idsEnd);
  const expected = vectorsAt + scalesBytes + vectorBytes;
  if (expected !== end) {
    return corrupt(
      `shard body length ${bodyBytes} does not match its layout: ids end at ${idsEnd - HEADER_BYTES}, ` +
        `padded ${vectorsAt - HEADER_BYTES} + scales ${scalesBytes} + vectors ${vectorBytes} = ${expected - HEADER_BYTES}`,
    );
  }
  for (let i = idsEnd; i < vectorsAt; i++) {
    if (bytes[i] !== 0) return corrupt(`shard padding byte at offset ${i} is ${bytes[i]}, expected 0`);
  }
  const n = count * dim;
  const at = vectorsAt + scalesBytes;
  if (dtype === 'f32') return ok({ dtype, dim, count, ids, data: viewF32(bytes, at, n) });
  if (dtype === 'f16') return ok({ dtype, dim, count, ids, data: viewU16(bytes, at, n) });
  const scales = viewF32(bytes, vectorsAt, count);
  for (let r = 0; r < count; r++) {
    const s = scales[r] as number;
    if (!(s >= 0 && s < Number.POSITIVE_INFINITY)) {
      return corrupt(`shard int8 scale of row ${r} is ${s}; scales must be finite and ≥ 0`);
    }
  }
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + at, n);
  return ok({ dtype, dim, count, ids, data, scales });
}
