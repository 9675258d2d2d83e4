/**
 * IVF partition: k-means centroids (the router) and the inverted lists (rows per centroid),
 * sized so that every list fits one edge shard.
 *
 * The edge holds only the shards a query touches, inside a 128 MB isolate, so a list must stay
 * a few hundred KB: `maxListRows` is a hard cap derived from the shard byte budget. k-means on a
 * sample leaves some lists larger than average (dense regions of the catalogue); such a list is
 * split with a seeded 2-means on its own rows, recursively, so each part gets its own real
 * centroid (q·c stays the mean score of the part) and no item moves to a list it is far from.
 * Spilling overflow to the second-nearest list was the alternative; it puts items where routing
 * will not look for them and costs recall.
 */

import { availableParallelism } from 'node:os';
import { groupByLabel, meanRow } from './grouping.ts';
import { assignRows } from './ivf-assign.ts';
import { gatherRows, type Matrix } from './kernels.ts';
import { type KmeansMetric, kmeans } from './kmeans.ts';
import { twoLevelKmeans } from './two-level.ts';

export interface IvfOptions {
  /** Number of lists before balancing; 0 = auto (see `autoNlist`). */
  nlist: number;
  /** Hard cap on rows per list; oversized lists are split. */
  maxListRows: number;
  metric?: KmeansMetric;
  iterations?: number;
  seed?: number;
  samplePerCentroid?: number;
  /**
   * Train with two-level k-means (two-level.ts): default from `TWO_LEVEL_FROM` lists up, where
   * flat k-means would cost several CPU-minutes more on 1M rows. Below that flat k-means is
   * used: on MF embeddings it reached clearly higher recall at small scan budgets (bench:index).
   */
  twoLevel?: boolean;
  /** Coarse groups probed by the two-level trainer's passes over all rows (see two-level.ts). */
  fullProbeGroups?: number;
  /** Lloyd passes over all rows after the first full assignment (two-level trainer). */
  fullPasses?: number;
  /** Threads for the two-level trainer's passes over all rows (default: `defaultThreads`). */
  threads?: number;
  /** Told why worker threads could not start. */
  onFallback?: (why: string) => void;
}

/** List count from which `buildIvf` switches to two-level k-means by default. */
export const TWO_LEVEL_FROM = 1024;

export interface IvfPartition {
  metric: KmeansMetric;
  /** One row per list; the edge routes a query to the lists with the highest q·c. */
  centroids: Matrix;
  /** Item row numbers per list, ascending. */
  lists: Int32Array[];
  /** Lists added by splitting oversized ones. */
  splits: number;
  kmeansIterations: number;
  /** Whether the two-level trainer built it. */
  twoLevel: boolean;
}

/** Rows from which the default list count grows faster than 2√n (see `autoNlist`). */
export const MANY_LISTS_FROM = 250_000;

/**
 * Default list count: 2√n up to `MANY_LISTS_FROM` rows, then c·√n with c growing linearly in
 * n to 8√n at 1M rows and beyond, and always enough lists that an average one fills at most
 * half a shard. Small catalogues: routing is cheap next to fetching shards and finer lists scan
 * fewer rows for the same recall (within 1% scanned, recall@10 on ml-latest-small MF embeddings
 * 0.81 with √n, 0.87 with 2√n, 0.91 with 4√n), but 4√n doubles the shard fetches per query for
 * the same scan fraction, hence 2√n. Large catalogues: the scan dominates, and coarse lists
 * merge unrelated clusters, so that recall needs many of them probed: on 1M clustered vectors
 * (docs/benchmarks.md, bench:index:layouts) recall@10 0.98 needed 2.9% of the rows scanned
 * with 4√n lists and 0.6% with 8√n.
 *
 * @example
 * autoNlist(100_000, 970); // 632 (2√n)
 * autoNlist(1_000_000, 970); // 8000 (8√n)
 */
export function autoNlist(rows: number, maxListRows: number): number {
  if (rows === 0) return 0;
  const perSqrt = 2 * Math.min(4, Math.max(1, rows / MANY_LISTS_FROM));
  const bySqrt = Math.round(perSqrt * Math.sqrt(rows));
  const byBudget = Math.ceil(rows / Math.max(1, Math.floor(maxListRows / 2)));
  return Math.max(1, Math.min(rows, Math.max(bySqrt, byBudget)));
}

/**
 * Worker threads for the passes over all rows: one per core (at most 4) from 200k rows, where a
 * pass takes seconds; below that starting workers costs more than it saves.
 */
export function defaultThreads(rows: number): number {
  return rows < 200_000 ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

/** Splits `rows` with 2-means until every part has ≤ maxRows; returns parts and centroids. */
function splitList(x: Matrix, rows: Int32Array, maxRows: number, metric: KmeansMetric, seed: number) {
  const parts: { rows: Int32Array; centroid: Float32Array }[] = [];
  const queue = [rows];
  let round = 0;
  while (queue.length > 0) {
    const part = queue.pop() as Int32Array;
    const sub = gatherRows(x, part);
    if (part.length <= maxRows) {
      parts.push({ rows: part, centroid: meanRow(sub, metric) });
      continue;
    }
    const two = kmeans(sub, { k: 2, iterations: 10, metric, seed: seed + round++, samplePerCentroid: 4096 });
    const labels = assignRows(sub, two.centroids, metric);
    const halves = groupByLabel(labels, 2).map((h) => h.map((r) => part[r] as number));
    const [a, b] = halves as [Int32Array, Int32Array];
    if (a.length === 0 || b.length === 0) {
      // Identical rows cannot be separated by distance: cut in half so the cap still holds.
      const mid = part.length >> 1;
      queue.push(part.subarray(0, mid), part.subarray(mid));
    } else {
      queue.push(a, b);
    }
  }
  return parts;
}

/**
 * Trains the router and fills the lists, splitting any list above `maxListRows`.
 * Deterministic for a given seed. Throws RangeError for an empty matrix or a cap below 1.
 *
 * @example
 * const ivf = buildIvf({ data: itemFactors, rows: nItems, dim: 64 }, { nlist: 0, maxListRows: 900 });
 */
export async function buildIvf(x: Matrix, options: IvfOptions): Promise<IvfPartition> {
  if (x.rows === 0) throw new RangeError('cannot build an IVF index over 0 rows');
  if (!(options.maxListRows >= 1))
    throw new RangeError(`maxListRows must be ≥ 1, got ${options.maxListRows}`);
  const metric = options.metric ?? 'l2';
  const seed = options.seed ?? 42;
  const k = Math.min(x.rows, options.nlist > 0 ? options.nlist : autoNlist(x.rows, options.maxListRows));
  const train = {
    k,
    metric,
    seed,
    iterations: options.iterations ?? 20,
    samplePerCentroid: options.samplePerCentroid ?? 64,
  };
  let trained: { centroids: Matrix; labels: Int32Array; iterations: number };
  if (options.twoLevel ?? k >= TWO_LEVEL_FROM) {
    trained = await twoLevelKmeans(x, {
      ...train,
      threads: options.threads ?? defaultThreads(x.rows),
      ...(options.fullProbeGroups === undefined ? {} : { fullProbeGroups: options.fullProbeGroups }),
      ...(options.fullPasses === undefined ? {} : { fullPasses: options.fullPasses }),
      ...(options.onFallback ? { onFallback: options.onFallback } : {}),
    });
  } else {
    const flat = kmeans(x, train);
    trained = { ...flat, labels: assignRows(x, flat.centroids, metric) };
  }
  const lists = groupByLabel(trained.labels, trained.centroids.rows);
  const outLists: Int32Array[] = [];
  const outCentroids: Float32Array[] = [];
  let splits = 0;
  for (let j = 0; j < lists.length; j++) {
    const rows = lists[j] as Int32Array;
    if (rows.length === 0) continue; // a centroid that won no row after the full assignment
    if (rows.length <= options.maxListRows) {
      outLists.push(rows);
      outCentroids.push(trained.centroids.data.slice(j * x.dim, (j + 1) * x.dim));
      continue;
    }
    const parts = splitList(x, rows, options.maxListRows, metric, seed + j);
    splits += parts.length - 1;
    for (const p of parts) {
      outLists.push(Int32Array.from(p.rows).sort());
      outCentroids.push(p.centroid);
    }
  }
  const centroids = new Float32Array(outLists.length * x.dim);
  for (const [i, c] of outCentroids.entries()) centroids.set(c, i * x.dim);
  return {
    metric,
    centroids: { data: centroids, rows: outLists.length, dim: x.dim },
    lists: outLists,
    splits,
    kmeansIterations: trained.iterations,
    twoLevel: options.twoLevel ?? k >= TWO_LEVEL_FROM,
  };
}
