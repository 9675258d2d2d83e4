/**
 * What the shard codec's tests share: seeded vectors and unicode ids, decoding that must
 * succeed, the corruption a decode must report, each dtype's stated tolerance, and a small shard
 * of every dtype to break.
 */
import { expect } from 'vitest';
import {
  decodeShard,
  dequantize,
  encodeShard,
  HEADER_BYTES,
  type Shard,
  type ShardDtype,
} from '#shared/codec';
import { crc32 } from '#shared/crypto';
import type { Result } from '#shared/errors';
import { createRng, type Rng } from '#shared/random';

export const DTYPES: ShardDtype[] = ['f32', 'f16', 'int8'];

export function randomVectors(rng: Rng, n: number, spread = 1): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal() * spread;
  return v;
}

/** A random id of 0..8 code points drawn from ASCII, Latin-1, CJK and astral (emoji) planes. */
export function randomId(rng: Rng): string {
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

export function decodeOk(bytes: Uint8Array): Shard {
  const r = decodeShard(bytes);
  if (!r.ok) throw r.error;
  return r.value;
}

export function expectCorrupt(r: Result<Shard>, pattern: RegExp): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.error.kind).toBe('corrupt');
  expect(r.error.message).toMatch(pattern);
}

/** Checks decoded values against the input with each dtype's stated tolerance. */
export function expectWithinTolerance(shard: Shard, input: Float32Array): void {
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
export function resign(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const c = crc32(bytes.subarray(HEADER_BYTES), crc32(bytes.subarray(0, 20)));
  view.setUint32(20, c, true);
  return bytes;
}

export const small = (dtype: ShardDtype): Uint8Array =>
  encodeShard({
    ids: ['a', 'bé', '😀', ''],
    vectors: randomVectors(createRng(1), 4 * 3),
    dim: 3,
    dtype,
  });
