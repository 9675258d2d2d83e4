/**
 * Proves workerd decodes exactly what Node encoded: the committed shard fixtures were written
 * by Node (tests/fixtures/make-shard-fixtures.ts, guarded against drift by
 * tests/shared/codec-fixtures.test.ts). Nothing is encoded here. The .bin files arrive as
 * ArrayBuffers through wrangler's default Data-module rule for `**\/*.bin`.
 */
import { describe, expect, it } from 'vitest';
import { decodeShard, dequantize, shardRowDot } from '#shared/codec';
import { sha256Hex, verifySha256 } from '#shared/crypto';
import { createRng } from '#shared/random';
import expected from '../fixtures/shards/expected.json';
import f16Bin from '../fixtures/shards/f16.bin';
import f32Bin from '../fixtures/shards/f32.bin';
import int8Bin from '../fixtures/shards/int8.bin';

const files: Record<string, ArrayBuffer> = { 'f32.bin': f32Bin, 'f16.bin': f16Bin, 'int8.bin': int8Bin };

// JSON cannot carry -0 (it is written as 0); adding 0 maps -0 to 0 so the comparison is exact
// otherwise. The f16 fixture still checks the sign of zero through its raw bit patterns.
const plain = (xs: ArrayLike<number>): number[] => Array.from(xs, (x) => x + 0);

describe('shard codec inside workerd', () => {
  it('runs in workerd, not Node', () => {
    // WebSocketPair is a workerd-only global; Node has no such constructor.
    expect(typeof WebSocketPair).toBe('function');
  });

  for (const want of expected.shards) {
    describe(`${want.dtype} fixture`, () => {
      const bytes = () => new Uint8Array(files[want.file] as ArrayBuffer);

      it('has the bytes and sha256 that Node wrote', async () => {
        expect(bytes().length).toBe(want.bytes);
        expect(await sha256Hex(bytes())).toBe(want.sha256);
        expect((await verifySha256(bytes(), want.sha256)).ok).toBe(true);
      });

      it('decodes ids, stored elements and scales exactly as Node did', () => {
        const r = decodeShard(bytes());
        if (!r.ok) throw r.error;
        const shard = r.value;
        expect(shard.dtype).toBe(want.dtype);
        expect(shard.dim).toBe(want.dim);
        expect(shard.count).toBe(want.count);
        expect(shard.ids).toEqual(want.ids);
        expect(plain(shard.data)).toEqual(plain(want.stored));
        expect(shard.scales === undefined ? null : plain(shard.scales)).toEqual(want.scales);
        expect(plain(dequantize(shard))).toEqual(plain(want.values));
      });

      it('decodes the same from an odd byteOffset view', () => {
        const padded = new Uint8Array(want.bytes + 3);
        padded.set(bytes(), 3);
        const r = decodeShard(padded.subarray(3));
        if (!r.ok) throw r.error;
        expect(plain(dequantize(r.value))).toEqual(plain(want.values));
      });

      it('scores rows in the stored dtype like the dequantized rows', () => {
        const r = decodeShard(bytes());
        if (!r.ok) throw r.error;
        const query = new Float32Array(want.dim).map((_, j) => (j % 2 === 0 ? 0.5 : -0.25));
        for (let row = 0; row < want.count; row++) {
          let ref = 0;
          for (let j = 0; j < want.dim; j++) ref += (want.values[row * want.dim + j] ?? 0) * (query[j] ?? 0);
          expect(shardRowDot(r.value, row, query)).toBeCloseTo(ref, 2);
        }
      });

      it('rejects the fixture with one flipped byte as corrupt', () => {
        const broken = bytes().slice();
        broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) ^ 0x5a;
        const r = decodeShard(broken);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.kind).toBe('corrupt');
          expect(r.error.message).toMatch(/CRC-32 mismatch/);
        }
      });
    });
  }

  it('draws the same seeded random stream as Node', () => {
    const rng = createRng(expected.rng.seed);
    expect(Array.from({ length: 4 }, () => rng.next())).toEqual(expected.rng.next);
    expect(Array.from({ length: 4 }, () => rng.nextInt(100))).toEqual(expected.rng.nextInt100);
    const users = createRng(expected.rng.seed).fork('users');
    expect(Array.from({ length: 4 }, () => users.next())).toEqual(expected.rng.forkUsersNext);
  });
});
