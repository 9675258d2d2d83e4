import { describe, expect, it } from 'vitest';
import { decodeShard, encodeShard, type Shard } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { createRng } from '#shared/random';
import { CandidatePool, finalTopK, rankLists, type ScanList } from '#shared/search';

const DIM = 8;

function shardOf(ids: string[], vectors: Float32Array, dtype: 'f32' | 'int8' = 'f32'): Shard {
  return unwrap(decodeShard(encodeShard({ ids, vectors, dim: DIM, dtype })));
}

function randomVectors(seed: number, rows: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: rows * DIM }, () => rng.normal());
}

function exactTop(query: Float32Array, vectors: Float32Array, ids: string[], k: number): string[] {
  const scored = ids.map((id, r) => {
    let s = 0;
    for (let j = 0; j < DIM; j++) s += (query[j] as number) * (vectors[r * DIM + j] as number);
    return { id, s };
  });
  scored.sort((a, b) => b.s - a.s);
  return scored.slice(0, k).map((x) => x.id);
}

describe('rankLists', () => {
  it('orders lists by inner product with the query, ties to the lower list', () => {
    const data = Float32Array.from([1, 0, 0, 1, 1, 0, 2, 0]);
    const order = rankLists({ data, dim: 2, count: 4 }, Float32Array.from([1, 0]));
    expect(Array.from(order)).toEqual([3, 0, 2, 1]);
  });
});

describe('CandidatePool', () => {
  it('finds the exact top-k over several lists and counts every row scanned', () => {
    const vectors = randomVectors(3, 300);
    const ids = Array.from({ length: 300 }, (_, i) => `i${i}`);
    const query = randomVectors(4, 1);
    const pool = new CandidatePool<ScanList>(10, query);
    for (let l = 0; l < 3; l++) {
      const rows = vectors.slice(l * 100 * DIM, (l + 1) * 100 * DIM);
      pool.add({
        shard: shardOf(ids.slice(l * 100, (l + 1) * 100), rows),
        keep: undefined,
        rerank: undefined,
      });
    }
    expect(pool.scannedRows).toBe(300);
    const got = finalTopK(pool.best(), query, 10).map((c) => c.itemId);
    expect(got).toEqual(exactTop(query, vectors, ids, 10));
  });

  it('returns an id stored in two lists once and still fills k', () => {
    const vectors = randomVectors(5, 20);
    const ids = Array.from({ length: 20 }, (_, i) => `i${i}`);
    const query = randomVectors(6, 1);
    const shard = shardOf(ids, vectors);
    const pool = new CandidatePool<ScanList>(5, query);
    pool.add({ shard, keep: undefined, rerank: undefined });
    pool.add({ shard, keep: undefined, rerank: undefined });
    const got = finalTopK(pool.best(), query, 5).map((c) => c.itemId);
    expect(got).toEqual(exactTop(query, vectors, ids, 5));
  });

  it('skips rows the filter rejects', () => {
    const vectors = randomVectors(7, 50);
    const ids = Array.from({ length: 50 }, (_, i) => `i${i}`);
    const query = randomVectors(8, 1);
    const pool = new CandidatePool<ScanList>(50, query);
    pool.add({ shard: shardOf(ids, vectors), keep: (r) => r % 2 === 0, rerank: undefined });
    const got = pool.best().map((c) => Number(c.itemId.slice(1)));
    expect(got).toHaveLength(25);
    expect(got.every((r) => r % 2 === 0)).toBe(true);
  });

  it('re-scores int8 candidates exactly from the f32 copy and re-sorts them', () => {
    const vectors = randomVectors(9, 200);
    const ids = Array.from({ length: 200 }, (_, i) => `i${i}`);
    const query = randomVectors(10, 1);
    const list = { shard: shardOf(ids, vectors, 'int8'), keep: undefined, rerank: shardOf(ids, vectors) };
    const pool = new CandidatePool<ScanList>(40, query);
    pool.add(list);
    const top = finalTopK(pool.best(), query, 10);
    expect(top.map((c) => c.itemId)).toEqual(exactTop(query, vectors, ids, 10));
    for (const c of top) {
      let exact = 0;
      for (let j = 0; j < DIM; j++) exact += (query[j] as number) * (vectors[c.row * DIM + j] as number);
      expect(c.score).toBeCloseTo(exact, 5);
    }
  });
});
