import { beforeAll, describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { buildIvf, type IvfPartition } from '../../../batch/src/index/ivf.ts';
import type { Matrix } from '../../../batch/src/index/kernels.ts';
import { encodeList } from '../../../batch/src/index/quantize.ts';
import { exactTopIds, IvfSearcher, recallOf, type SearchParams } from '../../../batch/src/index/search.ts';

// 20k items in 100 overlapping clusters (noise 0.6 of the centre norm, varying norms);
// the default list count (2√n ≈ 283) and 4% of the lists probed (11).
const N = 20_000;
const DIM = 32;
const QUERIES = 200;
const NPROBE = 11;
const mixture = { rows: N, dim: DIM, clusters: 100, spread: 0.6, seed: 11 };
const ids = Array.from({ length: N }, (_, i) => `sku-${i}`);

let items: Matrix;
let queries: Matrix;
let ivf: IvfPartition;
let truth: string[][];

beforeAll(async () => {
  items = clusteredVectors(mixture, 'items');
  queries = clusteredVectors({ ...mixture, rows: QUERIES }, 'queries');
  ivf = await buildIvf(items, { nlist: 0, maxListRows: 1000, seed: 5 });
  expect(ivf.lists.length).toBe(283);
  truth = Array.from({ length: QUERIES }, (_, q) =>
    exactTopIds(queries.data.subarray(q * DIM, (q + 1) * DIM), items, ids, 10),
  );
});

function measure(searcher: IvfSearcher, params: SearchParams): { recall: number; scanned: number } {
  let recall = 0;
  let scanned = 0;
  for (let q = 0; q < QUERIES; q++) {
    const r = searcher.search(queries.data.subarray(q * DIM, (q + 1) * DIM), params);
    recall += recallOf(
      r.hits.map((h) => h.id),
      truth[q] as string[],
    );
    scanned += r.scanned;
  }
  return { recall: recall / QUERIES, scanned: scanned / QUERIES / N };
}

describe('IVF search on clustered vectors', () => {
  it('puts every item in exactly one list', () => {
    const seen = new Uint8Array(N);
    for (const list of ivf.lists) for (const r of list) seen[r] = (seen[r] as number) + 1;
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(ivf.centroids.rows).toBe(ivf.lists.length);
  });

  it('reaches recall@10 ≥ 0.98 against exact search while scanning ≤ 5% of items (f32)', () => {
    const searcher = new IvfSearcher(
      ivf.centroids,
      ivf.lists.map((rows) => encodeList(ids, items, rows, 'f32', false)),
    );
    const { recall, scanned } = measure(searcher, { k: 10, nprobe: NPROBE });
    expect(scanned).toBeLessThanOrEqual(0.05);
    expect(recall).toBeGreaterThanOrEqual(0.98);
    // The same index with a single probe misses a lot: the data is not trivially separable.
    expect(measure(searcher, { k: 10, nprobe: 1 }).recall).toBeLessThan(0.9);
  });

  it.each(['f16', 'int8'] as const)(
    'keeps recall@10 ≥ 0.98 scanning ≤ 5 percent with %s shards and exact rerank',
    (dtype) => {
      const searcher = new IvfSearcher(
        ivf.centroids,
        ivf.lists.map((rows) => encodeList(ids, items, rows, dtype, true)),
      );
      const { recall, scanned } = measure(searcher, { k: 10, nprobe: NPROBE, rerankFactor: 4 });
      expect(scanned).toBeLessThanOrEqual(0.05);
      expect(recall).toBeGreaterThanOrEqual(0.98);
    },
  );

  it('returns exact f32 scores after the rerank of an int8 index', () => {
    const searcher = new IvfSearcher(
      ivf.centroids,
      ivf.lists.map((rows) => encodeList(ids, items, rows, 'int8', true)),
    );
    const q = queries.data.subarray(0, DIM);
    const { hits } = searcher.search(q, { k: 5, nprobe: NPROBE });
    expect(hits).toHaveLength(5);
    for (const h of hits) {
      const r = Number(h.id.slice(4));
      let exact = 0;
      for (let d = 0; d < DIM; d++) exact += (q[d] as number) * (items.data[r * DIM + d] as number);
      expect(h.score).toBeCloseTo(exact, 5);
    }
  });

  it('keeps that recall when built by two-level k-means (the large-catalogue trainer)', async () => {
    const two = await buildIvf(items, { nlist: 0, maxListRows: 1000, seed: 5, twoLevel: true });
    expect(two.twoLevel).toBe(true);
    expect(two.lists.reduce((n, l) => n + l.length, 0)).toBe(N);
    const searcher = new IvfSearcher(
      two.centroids,
      two.lists.map((rows) => encodeList(ids, items, rows, 'f32', false)),
    );
    const { recall, scanned } = measure(searcher, { k: 10, nprobe: NPROBE });
    expect(scanned).toBeLessThanOrEqual(0.05);
    expect(recall).toBeGreaterThanOrEqual(0.98);
  });

  it('splits lists above the shard budget so none exceeds it', async () => {
    const capped = await buildIvf(items, { nlist: 20, maxListRows: 400, seed: 5 });
    expect(Math.max(...capped.lists.map((l) => l.length))).toBeLessThanOrEqual(400);
    expect(capped.splits).toBeGreaterThan(0);
    expect(capped.lists.reduce((n, l) => n + l.length, 0)).toBe(N);
  });
});
