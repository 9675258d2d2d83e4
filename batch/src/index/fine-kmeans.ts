/**
 * The per-group k-means of the two-level trainer (two-level.ts): each coarse group's rows get
 * their own small k-means and are labelled by it. Groups are independent and seeded by their
 * number, so they can run on any thread in any order with the same result; assign-pool.ts
 * hands them to its workers (largest first, each to the least loaded thread).
 */
import { assignRows } from './ivf-assign.ts';
import type { Matrix } from './kernels.ts';
import { type KmeansOptions, kmeans } from './kmeans.ts';

/** One group's training job: its rows (a copy) and the k-means options (k, seed…). */
export interface FineJob {
  rows: Matrix;
  options: KmeansOptions;
}

export interface FineResult {
  centroids: Matrix;
  /** Each row's list within the group, 0 .. k − 1. */
  labels: Int32Array;
  iterations: number;
}

/**
 * Trains and labels one group.
 *
 * @example
 * const { labels } = fineKmeans({ rows: sub, options: { k: 90, seed: 7, metric: 'ip' } });
 */
export function fineKmeans(job: FineJob): FineResult {
  const fine = kmeans(job.rows, job.options);
  return {
    centroids: fine.centroids,
    labels: assignRows(job.rows, fine.centroids, job.options.metric ?? 'l2'),
    iterations: fine.iterations,
  };
}

/**
 * Splits jobs over `threads` queues, largest first to the least loaded (by rows), so threads
 * finish together. Returns job numbers per thread.
 *
 * @example
 * balanceJobs([900, 10, 500], 2); // [[0], [2, 1]]
 */
export function balanceJobs(sizes: readonly number[], threads: number): number[][] {
  const queues: number[][] = Array.from({ length: threads }, () => []);
  const load = new Float64Array(threads);
  const order = sizes.map((_, i) => i).sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
  for (const job of order) {
    let t = 0;
    for (let u = 1; u < threads; u++) if ((load[u] as number) < (load[t] as number)) t = u;
    (queues[t] as number[]).push(job);
    load[t] = (load[t] as number) + (sizes[job] as number);
  }
  return queues;
}
