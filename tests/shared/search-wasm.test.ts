import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeShard, encodeShard, type Shard } from '#shared/codec';
import { unwrap } from '#shared/errors';
import { createRng } from '#shared/random';
import {
  CandidatePool,
  createJsKernel,
  createWasmKernel,
  finalTopK,
  type ScanKernel,
  type ScanList,
  scanKernel,
  topLists,
  useScanKernel,
} from '#shared/search';
import { assembleScanWasm, SCAN_WASM } from '../../infra/wasm/build-scan.ts';

const module = new WebAssembly.Module(readFileSync(SCAN_WASM));
const before = scanKernel();
afterAll(() => useScanKernel(before));

function normals(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

function expectClose(a: Float32Array, b: Float32Array, dim: number): void {
  expect(a.length).toBe(b.length);
  expect(a.length).toBeGreaterThan(0);
  // f32 sums in a different order: error grows like √dim · ulp of the terms.
  for (let i = 0; i < a.length; i++)
    expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(1e-5 * dim);
}

describe('scan.wasm', () => {
  it('is what assembling scan.wat reproduces, byte for byte', async () => {
    expect(Buffer.from(await assembleScanWasm()).equals(readFileSync(SCAN_WASM))).toBe(true);
  });
});

describe('WebAssembly SIMD kernel', () => {
  const js = createJsKernel();
  const wasm = createWasmKernel(module);

  it.each([4, 8, 12, 16, 20, 64, 100, 3, 7])('scores f32 rows like the scalar kernel at dim %i', (dim) => {
    const rows = 300;
    const data = normals(dim, rows * dim);
    const q = normals(dim + 1, dim);
    for (const [from, to] of [
      [0, rows],
      [17, 18],
      [250, 300],
    ] as const) {
      expectClose(
        wasm.scoreF32(q, data, dim, from, to).slice(),
        js.scoreF32(q, data, dim, from, to).slice(),
        dim,
      );
    }
  });

  it.each([16, 32, 64, 128, 24])(
    'scores int8 rows with their scales like the scalar kernel at dim %i',
    (dim) => {
      const rows = 200;
      const shard = unwrap(
        decodeShard(encodeShard({ ids: ids(rows), vectors: normals(dim, rows * dim), dim, dtype: 'int8' })),
      );
      if (shard.dtype !== 'int8') throw new Error('expected an int8 shard');
      const q = normals(dim + 2, dim);
      const a = wasm.scoreInt8(q, shard.data, shard.scales, dim, 3, rows).slice();
      const b = js.scoreInt8(q, shard.data, shard.scales, dim, 3, rows).slice();
      expectClose(a, b, dim * 4);
    },
  );

  it.each([64, 12, 7])('picks the row with the best biased score like the scalar kernel at dim %i', (dim) => {
    const rows = 500;
    const data = normals(dim + 5, rows * dim);
    const bias = Float32Array.from(normals(dim + 6, rows), (b) => 3 * b);
    for (let t = 0; t < 20; t++) {
      const q = normals(1000 + t, dim);
      const [from, to] = t % 2 === 0 ? [0, rows] : [37, 211];
      const w = wasm.argmaxF32(q, data, bias, dim, from, to);
      js.argmaxF32(q, data, bias, dim, from, to);
      // The same best score (the row may differ only on a rounding tie).
      expect(Math.abs(wasm.lastMax() - js.lastMax())).toBeLessThan(1e-5 * dim);
      const scores = js.scoreF32(q, data, dim, from, to);
      let best = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < scores.length; r++)
        best = Math.max(best, (scores[r] as number) + (bias[from + r] as number));
      expect(js.lastMax()).toBeCloseTo(best, 4);
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThan(to - from);
    }
  });

  it('stays correct when the arena is emptied and refilled between lists', () => {
    const small = createWasmKernel(module, { arenaBytes: 64 * 1024 });
    const dim = 64;
    const lists = Array.from({ length: 12 }, (_, i) => normals(100 + i, 60 * dim));
    const q = normals(99, dim);
    for (let round = 0; round < 3; round++) {
      for (const data of lists)
        expectClose(
          small.scoreF32(q, data, dim, 0, 60).slice(),
          js.scoreF32(q, data, dim, 0, 60).slice(),
          dim,
        );
    }
  });
});

function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `i${i}`);
}

function searchWith(
  kernel: ScanKernel,
  lists: ScanList[],
  centroids: Float32Array,
  q: Float32Array,
  dim: number,
) {
  useScanKernel(kernel);
  const probes = topLists({ data: centroids, dim, count: lists.length }, q, 6);
  const pool = new CandidatePool<ScanList>(40, q);
  for (const l of probes) pool.add(lists[l] as ScanList);
  return { probes: Array.from(probes), top: finalTopK(pool.best(), q, 10).map((c) => [c.itemId, c.score]) };
}

describe('search with either kernel', () => {
  it.each(['f32', 'int8'] as const)('routes and returns the same top-10 over %s lists', (dtype) => {
    const dim = 32;
    const perList = 150;
    const lists: ScanList[] = [];
    const centroids = normals(7, 20 * dim);
    for (let l = 0; l < 20; l++) {
      const vectors = normals(1000 + l, perList * dim);
      const listIds = ids(perList).map((id) => `${l}-${id}`);
      const f32: Shard = unwrap(decodeShard(encodeShard({ ids: listIds, vectors, dim, dtype: 'f32' })));
      const shard =
        dtype === 'f32' ? f32 : unwrap(decodeShard(encodeShard({ ids: listIds, vectors, dim, dtype })));
      lists.push({ shard, keep: undefined, rerank: dtype === 'f32' ? undefined : f32 });
    }
    for (let i = 0; i < 20; i++) {
      const q = normals(5000 + i, dim);
      const a = searchWith(createJsKernel(), lists, centroids, q, dim);
      const b = searchWith(createWasmKernel(module), lists, centroids, q, dim);
      expect(b.probes).toEqual(a.probes);
      expect(b.top).toEqual(a.top);
      expect(a.top).toHaveLength(10);
    }
  });
});
