import { describe, expect, it } from 'vitest';
import {
  decodeShard,
  dequantize,
  encodeShard,
  HEADER_BYTES,
  type Shard,
  type ShardDtype,
  shardRowDot,
} from '#shared/codec';
import { crc32 } from '#shared/crypto';
import type { Result } from '#shared/errors';
import { createRng, type Rng } from '#shared/random';

const DTYPES: ShardDtype[] = ['f32', 'f16', 'int8'];

function randomVectors(rng: Rng, n: number, spread = 1): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal() * spread;
  return v;
}

/** A random id of 0..8 code points drawn from ASCII, Latin-1, CJK and astral (emoji) planes. */
function randomId(rng: Rng): string {
  const ranges: Array<[number, number]> = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x4e00, 0x9fff],
    [0x1f300, 0x1faff],
  ];
  let s = '';
  const len = rng.nextInt(9);
  for (let i = 0; i < len; i++) {
    const [lo, hi] = ranges[rng.nextInt(ranges.length)]!;
    s += String.fromCodePoint(lo + rng.nextInt(hi - lo + 1));
  }
  return s;
}

function decodeOk(bytes: Uint8Array): Shard {
  const r = decodeShard(bytes);
  if (!r.ok) throw r.error;
  return r.value;
}

function expectCorrupt(r: Result<Shard>, pattern: RegExp): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.kind).toBe('corrupt');
  expect(r.error.message).toMatch(pattern);
}

/** Checks decoded values against the input with each dtype's stated tolerance. */
function expectWithinTolerance(shard: Shard, input: Float32Array): void {
  const out = dequantize(shard);
  expect(out.length).toBe(input.length);
  let worst = 0;
  for (let i = 0; i < input.length; i++) {
    const x = input[i]!;
    const y = out[i]!;
    if (shard.dtype === 'f32') {
      if (!Object.is(x, y)) worst = Math.max(worst, Number.POSITIVE_INFINITY);
    } else if (shard.dtype === 'f16') {
      // Relative error ≤ 2^-11 (half an f16 ulp) for normal values; absolute ≤ 2^-25 below.
      const err = Math.abs(x - y) / Math.max(Math.abs(x), 2 ** -14);
      worst = Math.max(worst, err);
    } else {
      const scale = shard.scales[Math.floor(i / shard.dim)]!;
      // |x − q·scale| ≤ scale / 2, plus f32 rounding of the product.
      const excess = Math.abs(x - y) - scale / 2 - scale * 1e-6;
      worst = Math.max(worst, excess, 0);
    }
  }
  const bound = shard.dtype === 'f16' ? 1e-3 : 0;
  expect(worst).toBeLessThanOrEqual(bound);
}

/** Recomputes the header CRC so structural checks behind the CRC can be exercised. */
function resign(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const c = crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(0, 20)));
  view.setUint32(20, c, true);
  return bytes;
}

const small = (dtype: ShardDtype): Uint8Array =>
  encodeShard({
    ids: ['a', 'bé', '😀', ''],
    vectors: randomVectors(createRng(1), 4 * 3),
    dim: 3,
    dtype,
  });

describe('shard codec round-trip', () => {
  for (const dtype of DTYPES) {
    it(`round-trips ${dtype} rows and unicode ids within tolerance`, () => {
      const rng = createRng(10);
      const ids = Array.from({ length: 40 }, (_, i) => `${randomId(rng)}#${i}`);
      const vectors = randomVectors(rng, 40 * 17, 3);
      const shard = decodeOk(encodeShard({ ids, vectors, dim: 17, dtype }));
      expect(shard).toMatchObject({ dtype, dim: 17, count: 40, ids });
      expectWithinTolerance(shard, vectors);
    });

    it(`decodes ${dtype} from an odd byteOffset by copying, and aligned input without copying`, () => {
      const bytes = small(dtype);
      const aligned = decodeOk(bytes);
      expect(aligned.data.buffer).toBe(bytes.buffer);
      const host = new Uint8Array(bytes.length + 1);
      host.set(bytes, 1);
      const odd = decodeOk(host.subarray(1));
      expect(Array.from(dequantize(odd))).toEqual(Array.from(dequantize(aligned)));
      if (dtype !== 'int8') expect(odd.data.buffer).not.toBe(host.buffer);
    });

    it(`scores ${dtype} rows in the stored dtype like the dequantized rows`, () => {
      const rng = createRng(11);
      const vectors = randomVectors(rng, 9 * 33);
      const shard = decodeOk(
        encodeShard({ ids: Array.from({ length: 9 }, String), vectors, dim: 33, dtype }),
      );
      const rows = dequantize(shard);
      const query = randomVectors(rng, 33);
      for (let r = 0; r < 9; r++) {
        let ref = 0;
        for (let j = 0; j < 33; j++) ref += rows[r * 33 + j]! * query[j]!;
        expect(shardRowDot(shard, r, query)).toBeCloseTo(ref, 4);
      }
      expect(() => shardRowDot(shard, 9, query)).toThrow(RangeError);
    });
  }

  it('encodes an empty shard and a zero row (int8 scale 0)', () => {
    const empty = decodeOk(encodeShard({ ids: [], vectors: new Float32Array(0), dim: 8, dtype: 'int8' }));
    expect(empty).toMatchObject({ count: 0, dim: 8, ids: [] });
    const zero = decodeOk(encodeShard({ ids: ['z'], vectors: new Float32Array(4), dim: 4, dtype: 'int8' }));
    expect(Array.from(zero.scales ?? [])).toEqual([0]);
    expect(Array.from(dequantize(zero))).toEqual([0, 0, 0, 0]);
  });

  it('keeps f32 specials (NaN, ±Infinity, -0) exactly', () => {
    const vectors = new Float32Array([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]);
    const shard = decodeOk(encodeShard({ ids: ['s'], vectors, dim: 4, dtype: 'f32' }));
    expect(Array.from(shard.data)).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
    ]);
  });

  it('throws RangeError for programmer errors at encode time', () => {
    const v = new Float32Array(6);
    expect(() => encodeShard({ ids: ['a'], vectors: v, dim: 3, dtype: 'f32' })).toThrow(
      /expected ids.length/,
    );
    expect(() => encodeShard({ ids: ['a', 'b'], vectors: v, dim: 0, dtype: 'f32' })).toThrow(RangeError);
    expect(() => encodeShard({ ids: ['a', 'b'], vectors: v, dim: 3, dtype: 'f8' as ShardDtype })).toThrow(
      RangeError,
    );
    expect(() => encodeShard({ ids: ['\ud800', 'b'], vectors: v, dim: 3, dtype: 'f32' })).toThrow(
      /surrogate/,
    );
    const nan = new Float32Array([1, Number.NaN, 0]);
    expect(() => encodeShard({ ids: ['a'], vectors: nan, dim: 3, dtype: 'int8' })).toThrow(/finite/);
  });
});

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
});

describe('shard codec property test', () => {
  it('round-trips random shapes and unicode ids, and rejects a random flipped byte', () => {
    const rng = createRng(2024);
    for (let trial = 0; trial < 45; trial++) {
      const dtype = DTYPES[trial % 3]!;
      const dim = 1 + rng.nextInt(300);
      const count = rng.nextInt(201);
      const ids = Array.from({ length: count }, () => randomId(rng));
      const vectors = randomVectors(rng, count * dim, 10 ** (rng.nextInt(7) - 3));
      const bytes = encodeShard({ ids, vectors, dim, dtype });
      const offset = rng.nextInt(4);
      const host = new Uint8Array(bytes.length + offset);
      host.set(bytes, offset);
      const shard = decodeOk(host.subarray(offset));
      expect(shard).toMatchObject({ dtype, dim, count });
      expect(shard.ids).toEqual(ids);
      expectWithinTolerance(shard, vectors);
      const broken = bytes.slice();
      const pos = rng.nextInt(bytes.length);
      broken[pos] = broken[pos]! ^ (1 + rng.nextInt(255));
      expectCorrupt(decodeShard(broken), /^shard /);
    }
  });
});
