import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '#shared/random';
import { dot, TopK, topK } from '#shared/scoring';

function randomMatrix(rng: Rng, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.normal();
  return v;
}

/** Reference: score every row with a plain loop, sort everything, take k. */
function reference(
  query: Float32Array,
  vectors: Float32Array,
  dim: number,
  k: number,
  skip = (_: number) => false,
) {
  const rows: Array<{ r: number; s: number }> = [];
  for (let r = 0; r < vectors.length / dim; r++) {
    if (skip(r)) continue;
    rows.push({ r, s: dot(query, 0, vectors, r * dim, dim) });
  }
  rows.sort((a, b) => b.s - a.s || a.r - b.r);
  return rows.slice(0, k);
}

describe('dot', () => {
  it('matches a naive sum at any offset and any dim remainder', () => {
    const rng = createRng(1);
    const a = randomMatrix(rng, 64);
    const b = randomMatrix(rng, 64);
    for (const dim of [1, 2, 3, 4, 5, 7, 8, 31]) {
      let naive = 0;
      for (let j = 0; j < dim; j++) naive += a[3 + j]! * b[17 + j]!;
      expect(dot(a, 3, b, 17, dim)).toBeCloseTo(naive, 10);
    }
    expect(dot(a, 0, b, 0, 0)).toBe(0);
  });
});

describe('topK', () => {
  it('matches a sort-based reference on random data', () => {
    const rng = createRng(2);
    for (let trial = 0; trial < 30; trial++) {
      const dim = 1 + rng.nextInt(40);
      const n = rng.nextInt(300);
      const k = rng.nextInt(50);
      const vectors = randomMatrix(rng, n * dim);
      const query = randomMatrix(rng, dim);
      const got = topK(query, vectors, dim, k);
      const want = reference(query, vectors, dim, k);
      expect(Array.from(got.indices)).toEqual(want.map((x) => x.r));
      expect(Array.from(got.scores)).toEqual(want.map((x) => Math.fround(x.s)));
    }
  });

  it('skips excluded rows given as a set or as a predicate', () => {
    const rng = createRng(3);
    const vectors = randomMatrix(rng, 100 * 8);
    const query = randomMatrix(rng, 8);
    const all = topK(query, vectors, 8, 10);
    const banned = new Set([all.indices[0]!, all.indices[3]!]);
    const bySet = topK(query, vectors, 8, 10, { exclude: banned });
    const byFn = topK(query, vectors, 8, 10, { exclude: (r) => banned.has(r) });
    const want = reference(query, vectors, 8, 10, (r) => banned.has(r)).map((x) => x.r);
    expect(Array.from(bySet.indices)).toEqual(want);
    expect(Array.from(byFn.indices)).toEqual(want);
    for (const r of banned) expect(Array.from(bySet.indices)).not.toContain(r);
  });

  it('breaks ties by the lower row index', () => {
    // Rows 0..5 alternate between two score levels; equal rows must come out in index order.
    const vectors = new Float32Array([1, 2, 1, 2, 1, 2]);
    const got = topK(new Float32Array([1]), vectors, 1, 4);
    expect(Array.from(got.indices)).toEqual([1, 3, 5, 0]);
    expect(Array.from(got.scores)).toEqual([2, 2, 2, 1]);
    const flat = topK(new Float32Array([0]), new Float32Array(20), 1, 5);
    expect(Array.from(flat.indices)).toEqual([0, 1, 2, 3, 4]);
  });

  it('returns every row when k exceeds n and nothing when k is 0', () => {
    const vectors = new Float32Array([0.1, 0.3, 0.2]);
    expect(Array.from(topK(new Float32Array([1]), vectors, 1, 10).indices)).toEqual([1, 2, 0]);
    const none = topK(new Float32Array([1]), vectors, 1, 0);
    expect(none.indices.length).toBe(0);
    expect(none.scores.length).toBe(0);
    expect(topK(new Float32Array([1]), new Float32Array(0), 1, 5).indices.length).toBe(0);
  });

  it('rejects shape mistakes as RangeError', () => {
    expect(() => topK(new Float32Array(2), new Float32Array(6), 3, 1)).toThrow(RangeError);
    expect(() => topK(new Float32Array(3), new Float32Array(7), 3, 1)).toThrow(RangeError);
    expect(() => topK(new Float32Array(3), new Float32Array(6), 3, -1)).toThrow(RangeError);
  });
});

describe('TopK heap', () => {
  it('ignores NaN scores, reports results without disturbing the heap, and resets', () => {
    const top = new TopK(2);
    top.push(0, Number.NaN);
    top.push(1, 0.5);
    top.push(2, Number.NEGATIVE_INFINITY);
    top.push(3, 0.7);
    expect(top.size).toBe(2);
    expect(top.threshold()).toBe(0.5);
    const first = top.results();
    expect(Array.from(first.indices)).toEqual([3, 1]);
    expect(Array.from(top.results().indices)).toEqual([3, 1]);
    top.push(4, 0.6);
    expect(Array.from(top.results().indices)).toEqual([3, 4]);
    top.reset();
    expect(top.size).toBe(0);
    expect(top.threshold()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps the k best of a long stream in any arrival order', () => {
    const rng = createRng(4);
    const scores = Array.from({ length: 2000 }, () => Math.round(rng.normal() * 20) / 4); // many ties
    const order = rng.shuffle(Array.from({ length: 2000 }, (_, i) => i));
    const top = new TopK(25);
    for (const i of order) top.push(i, scores[i]!);
    const want = scores
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .slice(0, 25);
    expect(Array.from(top.results().indices)).toEqual(want.map((x) => x.i));
  });

  it('keeps the same k best when a scan offers its scores block by block (ties included)', () => {
    const rng = createRng(5);
    const scores = Float32Array.from({ length: 1000 }, () => Math.round(rng.normal() * 8) / 4); // many ties
    const one = new TopK(20);
    for (let i = 0; i < scores.length; i++) one.push(i, scores[i]!);
    const blocks = new TopK(20);
    for (let from = 0; from < scores.length; from += 64)
      blocks.pushBlock(scores.subarray(from, from + 64), from);
    expect(Array.from(blocks.results().indices)).toEqual(Array.from(one.results().indices));
    expect(Array.from(blocks.results().scores)).toEqual(Array.from(one.results().scores));
  });
});
