/**
 * The Node-side peers of the edge search, on the same vectors and queries: exact brute force
 * (the shared `topK` kernel, which is also the recall reference) and hnswlib-node (HNSW graph,
 * inner product), with `ef` raised until recall@10 reaches the target.
 */
import HNSW from 'hnswlib-node';
import { topK } from '#shared/scoring';
import type { BenchDataset } from './edge-data.ts';

export interface ExactResult {
  /** Item rows of the exact top-k per query. */
  truth: Int32Array[];
  msPerQuery: number;
}

export interface HnswResult {
  m: number;
  efConstruction: number;
  buildSeconds: number;
  /** Per ef: recall@10 and ms per query. */
  points: { ef: number; recall: number; ms: number }[];
  chosen: { ef: number; recall: number; ms: number } | null;
}

const row = (m: { data: Float32Array; dim: number }, i: number) =>
  m.data.subarray(i * m.dim, (i + 1) * m.dim);

/** Exact top-k for every query, timed. */
export function exactTopK(ds: BenchDataset, k: number): ExactResult {
  const t0 = performance.now();
  const truth = Array.from(
    { length: ds.queries.rows },
    (_, q) => topK(row(ds.queries, q), ds.items.data, ds.dim, k).indices,
  );
  return { truth, msPerQuery: (performance.now() - t0) / ds.queries.rows };
}

/** |found ∩ truth| / |truth| averaged over queries (found as item rows). */
export function meanRecall(found: ArrayLike<number>[], truth: Int32Array[]): number {
  let sum = 0;
  truth.forEach((t, q) => {
    const set = new Set(Array.from(found[q] ?? []));
    let hit = 0;
    for (const r of t) if (set.has(r)) hit++;
    sum += hit / Math.max(1, t.length);
  });
  return sum / Math.max(1, truth.length);
}

/**
 * Builds an HNSW index (inner product) over the items and sweeps `ef`.
 *
 * @example
 * const h = hnswPeer(ds, exact.truth, 10, 0.95, console.error);
 */
export function hnswPeer(
  ds: BenchDataset,
  truth: Int32Array[],
  k: number,
  target: number,
  log: (s: string) => void,
): HnswResult {
  const m = 16;
  const efConstruction = ds.rows >= 1_000_000 ? 64 : 100;
  const index = new HNSW.HierarchicalNSW('ip', ds.dim);
  index.initIndex({ maxElements: ds.rows, m, efConstruction, randomSeed: 7 });
  const t0 = performance.now();
  for (let i = 0; i < ds.rows; i++) {
    index.addPoint(Array.from(row(ds.items, i)), i);
    if (i > 0 && i % 100_000 === 0)
      log(`[${ds.name}] hnsw: ${i} points, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const buildSeconds = (performance.now() - t0) / 1000;
  const queries = Array.from({ length: ds.queries.rows }, (_, q) => Array.from(row(ds.queries, q)));
  const points: HnswResult['points'] = [];
  let chosen: HnswResult['chosen'] = null;
  for (const ef of [10, 20, 40, 80, 160, 320, 640]) {
    index.setEf(ef);
    const q0 = performance.now();
    const found = queries.map((q) => index.searchKnn(q, k).neighbors);
    const ms = (performance.now() - q0) / queries.length;
    const point = { ef, recall: meanRecall(found, truth), ms };
    points.push(point);
    if (chosen === null && point.recall >= target) {
      chosen = point;
      break;
    }
  }
  return { m, efConstruction, buildSeconds, points, chosen };
}
