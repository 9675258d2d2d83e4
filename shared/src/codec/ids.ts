/**
 * The id section of a shard body: a u32 offset table with count + 1 entries (byte offsets into
 * the UTF-8 blob that follows, starting at 0, never decreasing) and then the UTF-8 bytes.
 * Decoding is strict: a bad table or invalid UTF-8 is reported, never patched with U+FFFD.
 */
import { AppError, err, ok, type Result } from '#shared/errors';

// Both Node 20 and workerd provide TextEncoder/TextDecoder; shared/ has no DOM types, so this
// file declares only the slice it uses.
interface TextCodecs {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (
    label: 'utf-8',
    options: { fatal: boolean; ignoreBOM: boolean },
  ) => { decode(b: Uint8Array): string };
}
const text = globalThis as unknown as TextCodecs;
const encoder = new text.TextEncoder();
// ignoreBOM: a leading U+FEFF is part of the id, not a byte-order mark to drop.
const decoder = new text.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** UTF-8 bytes of every id. Throws RangeError for ids with lone surrogates (not encodable). */
export function encodeIds(ids: readonly string[]): Uint8Array[] {
  return ids.map((id, i) => {
    if (LONE_SURROGATE.test(id)) {
      throw new RangeError(`id ${i} contains a lone UTF-16 surrogate and cannot be stored as UTF-8`);
    }
    return encoder.encode(id);
  });
}

/** Length of the offset table for `count` ids, in bytes. */
export function offsetTableBytes(count: number): number {
  return 4 * (count + 1);
}

/** Writes the offset table and UTF-8 blob at `view`/`out` position `pos`; returns the end. */
export function writeIds(out: Uint8Array, view: DataView, pos: number, encoded: Uint8Array[]): number {
  let offset = 0;
  view.setUint32(pos, 0, true);
  for (let i = 0; i < encoded.length; i++) {
    offset += (encoded[i] as Uint8Array).length;
    view.setUint32(pos + 4 * (i + 1), offset, true);
  }
  let at = pos + offsetTableBytes(encoded.length);
  for (const bytes of encoded) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return at;
}

function decodeOne(bytes: Uint8Array): string | undefined {
  // ASCII fast path: most ids are ASCII, and one fromCharCode beats a TextDecoder call.
  let ascii = bytes.length <= 256;
  for (let i = 0; ascii && i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) ascii = false;
  if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads `count` ids whose offset table starts at `pos`; `blobEnd` is where the UTF-8 bytes must
 * stop at the latest. Returns the ids and where their bytes end.
 */
export function readIds(
  bytes: Uint8Array,
  view: DataView,
  pos: number,
  count: number,
  blobEnd: number,
): Result<{ ids: string[]; end: number }> {
  const blobStart = pos + offsetTableBytes(count);
  const available = blobEnd - blobStart;
  const first = view.getUint32(pos, true);
  if (first !== 0) {
    return err(new AppError('corrupt', `shard id offset table must start at 0, starts at ${first}`));
  }
  const ids = new Array<string>(count);
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const next = view.getUint32(pos + 4 * (i + 1), true);
    if (next < prev) {
      return err(new AppError('corrupt', `shard id offsets decrease at id ${i}: ${next} after ${prev}`));
    }
    if (next > available) {
      return err(
        new AppError(
          'corrupt',
          `shard id ${i} ends at byte ${next} of the id blob, but only ${available} bytes fit in the body`,
        ),
      );
    }
    const id = decodeOne(bytes.subarray(blobStart + prev, blobStart + next));
    if (id === undefined) return err(new AppError('corrupt', `shard id ${i} is not valid UTF-8`));
    ids[i] = id;
    prev = next;
  }
  return ok({ ids, end: blobStart + prev });
}
