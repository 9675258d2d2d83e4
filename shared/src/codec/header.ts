/**
 * The fixed 24-byte shard header (all little-endian):
 *
 * | offset | type  | field                                                   |
 * |-------:|-------|---------------------------------------------------------|
 * |      0 | 4×u8  | magic, ASCII "VSHD"                                     |
 * |      4 | u16   | format version (= 1)                                    |
 * |      6 | u8    | dtype: 0 = f32, 1 = f16, 2 = int8                       |
 * |      7 | u8    | reserved, 0                                             |
 * |      8 | u32   | dim (≥ 1)                                               |
 * |     12 | u32   | count (rows)                                            |
 * |     16 | u32   | body byte length                                        |
 * |     20 | u32   | CRC-32 of header bytes 0..19 followed by the body       |
 *
 * The CRC also covers the header fields (not only the body) so that a flipped `dim` or `count`
 * byte is caught even when the layout would happen to stay self-consistent (e.g. count 0).
 * Parsing validates what can be checked from the header alone and names the first problem.
 */
import { AppError, err, ok, type Result } from '#shared/errors';

export const SHARD_MAGIC = 'VSHD';
export const SHARD_VERSION = 1;
export const HEADER_BYTES = 24;
/** Bytes 0..19: the header fields that the CRC covers (everything but the CRC itself). */
export const HEADER_CRC_SPAN = 20;

/** Storage precisions a shard can hold, in dtype-code order. */
export const SHARD_DTYPES = ['f32', 'f16', 'int8'] as const;
export type ShardDtype = (typeof SHARD_DTYPES)[number];

/** Bytes per stored element for each dtype. */
export const DTYPE_BYTES: Record<ShardDtype, number> = { f32: 4, f16: 2, int8: 1 };

const MAGIC_BYTES = [0x56, 0x53, 0x48, 0x44]; // "VSHD"

export interface ShardHeader {
  version: number;
  dtype: ShardDtype;
  dim: number;
  count: number;
  bodyBytes: number;
  crc: number;
}

function hexBytes(bytes: Uint8Array, from: number, to: number): string {
  return Array.from(bytes.subarray(from, to), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function corrupt(message: string): Result<never> {
  return err(new AppError('corrupt', message));
}

/** Writes the header for `h` into the first 24 bytes of `out` (CRC as given). */
export function writeHeader(out: Uint8Array, h: ShardHeader): void {
  const view = new DataView(out.buffer, out.byteOffset, HEADER_BYTES);
  out.set(MAGIC_BYTES, 0);
  view.setUint16(4, h.version, true);
  view.setUint8(6, SHARD_DTYPES.indexOf(h.dtype));
  view.setUint8(7, 0);
  view.setUint32(8, h.dim, true);
  view.setUint32(12, h.count, true);
  view.setUint32(16, h.bodyBytes, true);
  view.setUint32(20, h.crc, true);
}

/**
 * Parses and checks the header of `bytes`: length, magic, version, dtype, reserved byte, dim,
 * and that exactly `bodyBytes` follow it. Never throws.
 *
 * @example
 * const h = readHeader(bytes);
 * if (!h.ok) console.log(h.error.message); // e.g. "shard has wrong magic: …"
 */
export function readHeader(bytes: Uint8Array): Result<ShardHeader> {
  if (bytes.length < HEADER_BYTES) {
    return corrupt(`shard truncated: ${bytes.length} bytes present, the header alone needs ${HEADER_BYTES}`);
  }
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC_BYTES[i]) {
      return corrupt(
        `shard has wrong magic: expected "${SHARD_MAGIC}" (56 53 48 44), got ${hexBytes(bytes, 0, 4)}`,
      );
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const version = view.getUint16(4, true);
  if (version !== SHARD_VERSION) {
    return corrupt(
      `shard format version ${version} is not supported (this build reads version ${SHARD_VERSION})`,
    );
  }
  const code = view.getUint8(6);
  const dtype = SHARD_DTYPES[code];
  if (dtype === undefined) {
    return corrupt(`shard has unknown dtype code ${code} (known: 0 = f32, 1 = f16, 2 = int8)`);
  }
  const reserved = view.getUint8(7);
  if (reserved !== 0) return corrupt(`shard reserved header byte is ${reserved}, expected 0`);
  const dim = view.getUint32(8, true);
  if (dim === 0) return corrupt('shard header says dim is 0; it must be at least 1');
  const count = view.getUint32(12, true);
  const bodyBytes = view.getUint32(16, true);
  const present = bytes.length - HEADER_BYTES;
  if (present < bodyBytes) {
    return corrupt(`shard truncated: header says body is ${bodyBytes} bytes, ${present} present`);
  }
  if (present > bodyBytes) {
    return corrupt(
      `shard has ${present - bodyBytes} unexpected trailing bytes after its ${bodyBytes}-byte body`,
    );
  }
  return ok({ version, dtype, dim, count, bodyBytes, crc: view.getUint32(20, true) });
}
