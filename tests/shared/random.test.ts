import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);

/**
 * `n` draws of a bin index in [0, bins): how many fell outside (not an integer in range) and the
 * chi-square statistic of the in-range counts against a uniform distribution (bins − 1 dof).
 */
function uniformity(n: number, bins: number, bin: () => number): { outside: number; chi: number } {
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const k = bin();
    if (Number.isInteger(k) && k >= 0 && k < bins) counts[k]! += 1;
    else outside++;
  }
  const expected = n / bins;
  return { outside, chi: counts.reduce((s, o) => s + (o - expected) ** 2 / expected, 0) };
}

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs across seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = draw(100, () => a.next());
    expect(draw(100, () => b.next())).toEqual(sa);
    expect(draw(100, () => c.next())).not.toEqual(sa);
  });

  it('keeps a pinned known-answer stream for seed 42 (changing it breaks every seeded artefact)', () => {
    const rng = createRng(42);
    const u32 = draw(4, () => rng.nextU32());
    expect(u32).toEqual(KNOWN_42);
  });

  it('distinguishes seeds that differ only above bit 32 and rejects fractional seeds', () => {
    expect(createRng(1).next()).not.toBe(createRng(2 ** 32 + 1).next());
    expect(createRng(-1).next()).toBe(createRng(-1).next());
    expect(() => createRng(1.5)).toThrow(RangeError);
  });

  it('draws next() in [0, 1) with a roughly uniform histogram', () => {
    const rng = createRng(1);
    const { outside, chi } = uniformity(50_000, 10, () => {
      const x = rng.next();
      return x >= 0 && x < 1 ? Math.floor(x * 10) : -1;
    });
    expect(outside).toBe(0);
    expect(chi).toBeLessThan(27.9); // 9 dof, 0.1 %
  });

  it('draws nextInt(n) in [0, n) covering every value without bias', () => {
    const rng = createRng(2);
    const { outside, chi } = uniformity(35_000, 7, () => rng.nextInt(7));
    expect(outside).toBe(0);
    expect(chi).toBeLessThan(22.5); // 6 dof, 0.1 %
    expect(rng.nextInt(1)).toBe(0);
    const big = rng.nextInt(2 ** 32);
    expect(big >= 0 && big < 2 ** 32).toBe(true);
  });

  it('rejects nextInt bounds that are not positive integers', () => {
    const rng = createRng(3);
    for (const bad of [0, -1, 2.5, Number.NaN, 2 ** 32 + 1])
      expect(() => rng.nextInt(bad)).toThrow(RangeError);
  });

  it('draws normal() with mean 0 and variance 1', () => {
    const rng = createRng(4);
    const n = 40_000;
    let sum = 0;
    let sq = 0;
    let beyond3 = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      if (!Number.isFinite(z)) nonFinite++;
      sum += z;
      sq += z * z;
      if (Math.abs(z) > 3) beyond3++;
    }
    const mean = sum / n;
    expect(nonFinite).toBe(0);
    expect(Math.abs(mean)).toBeLessThan(0.03); // ~6 standard errors
    expect(Math.abs(sq / n - mean * mean - 1)).toBeLessThan(0.05);
    expect(beyond3 / n).toBeLessThan(0.006); // expected 0.27 %
  });

  it('shuffles in place into a permutation, deterministically', () => {
    const arr = Array.from({ length: 50 }, (_, i) => i);
    const out = createRng(5).shuffle(arr);
    expect(out).toBe(arr);
    expect([...arr].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(arr).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(createRng(5).shuffle(Array.from({ length: 50 }, (_, i) => i))).toEqual(arr);
    expect(createRng(5).shuffle([])).toEqual([]);
  });

  it('shuffles every position to every slot about equally often', () => {
    const rng = createRng(6);
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let t = 0; t < 8000; t++) {
      const p = rng.shuffle([0, 1, 2, 3]);
      p.forEach((v, slot) => {
        counts[v]![slot]! += 1;
      });
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('forks child streams that depend on the label but not on parent draws', () => {
    const parent = createRng(9);
    const early = draw(5, () => parent.fork('users').next());
    const before = parent.fork('users');
    draw(1000, () => parent.next());
    const after = parent.fork('users');
    expect(draw(20, () => after.next())).toEqual(draw(20, () => before.next()));
    expect(new Set(early).size).toBe(1);

    const a = createRng(9).fork('users');
    const b = createRng(9).fork('items');
    const c = createRng(9).fork(1);
    const d = createRng(9).fork('1');
    const e = createRng(10).fork('users');
    const seqs = [a, b, c, d, e].map((r) => draw(10, () => r.next()).join());
    expect(new Set(seqs).size).toBe(5);
    // Forks of forks are deterministic too.
    expect(createRng(9).fork('a').fork(2).next()).toBe(createRng(9).fork('a').fork(2).next());
  });

  it('produces child streams uncorrelated with their parent', () => {
    const parent = createRng(11);
    const child = parent.fork(0);
    const n = 20_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += (parent.next() - 0.5) * (child.next() - 0.5);
    // Correlation estimate; |r| < 0.03 is ~4 standard errors for independent streams.
    expect(Math.abs(sxy / n / (1 / 12))).toBeLessThan(0.03);
  });
});

// First four u32 outputs of createRng(42), pinned when the generator was written: a drift
// guard (seeded training runs and fixtures depend on it), not an external reference.
const KNOWN_42 = [1959603763, 2423114712, 2466933512, 4144396390];
