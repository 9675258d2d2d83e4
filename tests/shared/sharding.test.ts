import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { bucketOf, fnv1a32 } from '#shared/sharding';

/** Textbook FNV-1a over TextEncoder bytes: the definition fnv1a32 must agree with. */
function reference(id: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(id)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('b')).toBe(0xe70c2de5);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of non-ASCII ids, including astral characters', () => {
    for (const id of ['café', 'Ω-42', '商品:7', 'bag@🎒', 'u\u0080\u07ff\u0800\uffff']) {
      expect(fnv1a32(id)).toBe(reference(id));
    }
  });

  it('hashes a lone surrogate as U+FFFD, like TextEncoder', () => {
    expect(fnv1a32('x\ud800y')).toBe(reference('x\ufffdy'));
    expect(fnv1a32('\udc00')).toBe(reference('\ufffd'));
  });

  it('returns unsigned 32-bit integers', () => {
    const rng = createRng(7);
    for (let i = 0; i < 200; i++) {
      const h = fnv1a32(`user-${rng.nextU32()}`);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffff_ffff).toBe(true);
    }
  });
});

describe('bucketOf', () => {
  it('is fnv1a32 modulo the shard count (known answers)', () => {
    expect(bucketOf('foobar', 7)).toBe(0xbf9cf968 % 7);
    expect(bucketOf('a', 1)).toBe(0);
    expect(bucketOf('item-1', 16)).toBe(reference('item-1') % 16);
  });

  it('spreads sequential ids evenly across buckets', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 16_000; i++)
      counts[bucketOf(`item-${i}`, 16)] = (counts[bucketOf(`item-${i}`, 16)] ?? 0) + 1;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('rejects a shard count that is not a positive integer', () => {
    expect(() => bucketOf('a', 0)).toThrow(RangeError);
    expect(() => bucketOf('a', 2.5)).toThrow(RangeError);
  });
});
