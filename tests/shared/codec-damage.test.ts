/**
 * The shard codec reports damaged input as `corrupt` with what is wrong: every truncation, every
 * changed byte, wrong header fields, and structural problems behind a recomputed CRC.
 */
import { describe, expect, it } from 'vitest';
import { decodeShard, HEADER_BYTES } from '#shared/codec';
import { DTYPES, expectCorrupt, resign, small } from '../support/shard-codec.ts';

describe('shard codec rejects damaged input', () => {
  for (const dtype of DTYPES) {
    it(`rejects every truncated prefix of a ${dtype} shard as truncated`, () => {
      const bytes = small(dtype);
      for (let len = 0; len < bytes.length; len++) {
        expectCorrupt(decodeShard(bytes.subarray(0, len)), /^shard truncated: /);
      }
      expectCorrupt(decodeShard(bytes.subarray(0, 10)), /10 bytes present, the header alone needs 24/);
      const bodyBytes = bytes.length - HEADER_BYTES;
      expectCorrupt(
        decodeShard(bytes.subarray(0, bytes.length - 5)),
        new RegExp(`header says body is ${bodyBytes} bytes, ${bodyBytes - 5} present`),
      );
    });

    it(`rejects a ${dtype} shard with any single byte changed`, () => {
      const bytes = small(dtype);
      for (let pos = 0; pos < bytes.length; pos++) {
        for (const flip of [0x01, 0x80, 0xff]) {
          const broken = bytes.slice();
          broken[pos] = broken[pos]! ^ flip;
          expectCorrupt(decodeShard(broken), /^shard /);
        }
      }
      const body = bytes.slice();
      body[body.length - 1] = body[body.length - 1]! ^ 0x10;
      expectCorrupt(
        decodeShard(body),
        /^shard CRC-32 mismatch: header says 0x[0-9a-f]{8}, .* give 0x[0-9a-f]{8}$/,
      );
    });
  }

  it('names wrong magic, unsupported version, unknown dtype and a non-zero reserved byte', () => {
    const bytes = small('f32');
    const magic = bytes.slice();
    magic.set([0x50, 0x4b, 0x03, 0x04], 0);
    expectCorrupt(decodeShard(magic), /wrong magic: expected "VSHD" \(56 53 48 44\), got 50 4b 03 04/);
    const version = bytes.slice();
    version[4] = 2;
    expectCorrupt(decodeShard(version), /format version 2 is not supported \(this build reads version 1\)/);
    const dtype = bytes.slice();
    dtype[6] = 7;
    expectCorrupt(decodeShard(dtype), /unknown dtype code 7/);
    const reserved = bytes.slice();
    reserved[7] = 1;
    expectCorrupt(decodeShard(reserved), /reserved header byte is 1/);
    const trailing = new Uint8Array(bytes.length + 2);
    trailing.set(bytes);
    expectCorrupt(decodeShard(trailing), /2 unexpected trailing bytes/);
  });

  it('names structural problems even when the CRC was recomputed over them', () => {
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);
    // Offsets: [0, 1, 4, 8, 8] for ids 'a', 'bé', '😀', ''.
    const decreasing = small('f32');
    view(decreasing).setUint32(HEADER_BYTES + 8, 0, true);
    expectCorrupt(decodeShard(resign(decreasing)), /id offsets decrease at id 1: 0 after 1/);
    const first = small('f32');
    view(first).setUint32(HEADER_BYTES, 1, true);
    expectCorrupt(decodeShard(resign(first)), /offset table must start at 0, starts at 1/);
    const beyond = small('f16');
    view(beyond).setUint32(HEADER_BYTES + 16, 5000, true);
    expectCorrupt(decodeShard(resign(beyond)), /id 3 ends at byte 5000 of the id blob/);
    const utf8 = small('f32');
    utf8[HEADER_BYTES + 20 + 1] = 0xff; // second byte of 'bé' (offset table is 20 bytes)
    expectCorrupt(decodeShard(resign(utf8)), /id 1 is not valid UTF-8/);
    const count = small('f32');
    view(count).setUint32(12, 3, true);
    expectCorrupt(decodeShard(resign(count)), /body length \d+ does not match its layout/);
    const huge = small('f32');
    view(huge).setUint32(12, 0xffff_fff0, true);
    expectCorrupt(decodeShard(resign(huge)), /cannot hold 4294967280 rows of 3 f32 values/);
    const scale = small('int8');
    view(scale).setFloat32(HEADER_BYTES + 28, Number.NaN, true); // ids end at 28: first scale
    expectCorrupt(decodeShard(resign(scale)), /int8 scale of row 0 is NaN/);
  });

  it('skips only the CRC for bytes already checked by sha256: every structural check still runs', () => {
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.length);
    const verified = { sha256Verified: true };
    // A changed vector byte only the CRC sees: the caller's sha256 would have, so it decodes.
    const body = small('f32');
    body[body.length - 1] = body[body.length - 1]! ^ 0x10;
    expectCorrupt(decodeShard(body), /^shard CRC-32 mismatch/);
    expect(decodeShard(body, verified).ok).toBe(true);
    // Layout damage is refused whatever the caller checked (no resign: the CRC is stale too).
    const decreasing = small('f32');
    view(decreasing).setUint32(HEADER_BYTES + 8, 0, true);
    expectCorrupt(decodeShard(decreasing, verified), /id offsets decrease at id 1: 0 after 1/);
    const bytes = small('int8');
    expectCorrupt(decodeShard(bytes.subarray(0, bytes.length - 5), verified), /^shard truncated: /);
    const huge = small('f32');
    view(huge).setUint32(12, 0xffff_fff0, true);
    expectCorrupt(decodeShard(huge, verified), /cannot hold 4294967280 rows of 3 f32 values/);
  });
});
