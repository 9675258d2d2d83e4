/** The shard codec round-trips every dtype within its tolerance, and refuses programmer errors. */
import { describe, expect, it } from 'vitest';
import { decodeShard, dequantize, encodeShard, type ShardDtype, shardRowDot } from '#shared/codec';
import { createRng } from '#shared/random';
import {
  DTYPES,
  decodeOk,
  expectCorrupt,
  expectWithinTolerance,
  randomId,
  randomVectors,
  small,
} from '../support/shard-codec.ts';

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
