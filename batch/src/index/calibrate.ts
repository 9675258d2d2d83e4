/**
 * Picks the manifest's `defaultNprobe` by measurement instead of a constant: for a sample of
 * real query vectors (trained user vectors), the smallest nprobe whose recall@k against exact
 * brute force reaches a target. A fixed nprobe means very different recall at 10k and at 1M
 * items; calibrating keeps the edge's quality promise as the catalogue grows.
 *
 * Exact and cheap: with exact list scores (f32, or quantised with the f32 rerank) a true top-k
 * item is found iff its list is probed, so for each query it is enough to rank the lists by
 * q·c once and note the rank of each true item's list — recall at every nprobe follows from
 * those ranks, without running a single search.
 */
import { createRng } from '#shared/random';
import { rankLists } from '#shared/search';
import { exactTopRows } from './exact-topk.ts';
import { gatherRows, type Matrix } from './kernels.ts';
import { installScanKernel } from './scan-kernel.ts';

export interface CurvePoint {
  nprobe: number;
  recall: number;
  scanned: number;
}

export interface CalibrationOptions {
  /** Recall@k to reach (default 0.95). */
  targetRecall?: number;
  k?: number;
}

export interface Calibration {
  nprobe: number;
  /** Mean recall@k at `nprobe` over the queries. */
  recall: number;
  /** Mean fraction of items scanned at `nprobe`. */
  scanned: number;
  queries: number;
  /** recall[p − 1] = mean recall@k when probing p lists, for p = 1..lists. */
  curve: Float64Array;
  /** scannedCurve[p − 1] = mean fraction of items scanned when probing p lists. */
  scannedCurve: Float64Array;
}

/**
 * Recall and scan fraction at every nprobe, and the smallest nprobe reaching the target.
 *
 * @example
 * const cal = calibrateNprobe(items, ivf.centroids, ivf.lists, sampleUsers, { targetRecall: 0.95 });
 * manifest.items.index.defaultNprobe = cal.nprobe;
 */
export function calibrateNprobe(
  items: Matrix,
  centroids: Matrix,
  lists: readonly Int32Array[],
  queries: Matrix,
  options: CalibrationOptions = {},
): Calibration {
  installScanKernel();
  const k = Math.min(options.k ?? 10, items.rows);
  const target = options.targetRecall ?? 0.95;
  const nlist = lists.length;
  const listOf = new Int32Array(items.rows);
  lists.forEach((rows, j) => {
    for (const r of rows) listOf[r] = j;
  });
  const found = new Float64Array(nlist + 1); // found[p] = true items whose list rank is p - 1
  const scannedCurve = new Float64Array(nlist);
  const rank = new Int32Array(nlist);
  const { dim } = items;
  const truth = exactTopRows(items, queries, k);
  for (let q = 0; q < queries.rows; q++) {
    const query = queries.data.subarray(q * dim, (q + 1) * dim);
    const order = rankLists({ data: centroids.data, dim, count: centroids.rows }, query);
    let acc = 0;
    for (let p = 0; p < nlist; p++) {
      rank[order[p] as number] = p;
      acc += (lists[order[p] as number] as Int32Array).length;
      scannedCurve[p] = (scannedCurve[p] as number) + acc / items.rows;
    }
    for (const r of truth.subarray(q * k, (q + 1) * k)) {
      if (r < 0) continue;
      const p = (rank[listOf[r] as number] as number) + 1;
      found[p] = (found[p] as number) + 1;
    }
  }
  const curve = new Float64Array(nlist);
  let cum = 0;
  for (let p = 1; p <= nlist; p++) {
    cum += found[p] as number;
    curve[p - 1] = cum / Math.max(1, queries.rows * k);
    scannedCurve[p - 1] = (scannedCurve[p - 1] as number) / Math.max(1, queries.rows);
  }
  let nprobe = nlist;
  for (let p = 1; p <= nlist; p++) {
    if ((curve[p - 1] as number) >= target) {
      nprobe = p;
      break;
    }
  }
  return {
    nprobe,
    recall: curve[nprobe - 1] ?? 1,
    scanned: scannedCurve[nprobe - 1] ?? 1,
    queries: queries.rows,
    curve,
    scannedCurve,
  };
}

/** The curve at nprobe = 1, 2, 4, …, rounded, for summaries and logs. */
export function curvePoints(c: Calibration): CurvePoint[] {
  const points: CurvePoint[] = [];
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  for (let p = 1; p <= c.curve.length; p *= 2) {
    points.push({
      nprobe: p,
      recall: round(c.curve[p - 1] as number),
      scanned: round(c.scannedCurve[p - 1] as number),
    });
  }
  return points;
}

/** Up to 200 user vectors (seeded sample of those with a vector): the calibration queries. */
export function sampleQueries(users: Matrix, withVector: (r: number) => boolean, seed: number): Matrix {
  const rows: number[] = [];
  for (let r = 0; r < users.rows; r++) if (withVector(r)) rows.push(r);
  const rng = createRng(seed).fork('calibration');
  rng.shuffle(rows);
  return gatherRows(
    users,
    rows.slice(0, 200).sort((a, b) => a - b),
  );
}
