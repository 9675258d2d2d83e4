/**
 * The full assignment pass of a large index build on several cores: the rows are cut into one
 * contiguous range per thread and each worker labels its range through the two-level router
 * (probe-assign.ts). Rows and labels live in SharedArrayBuffers, so a worker reads the catalogue
 * and writes its labels in place.
 *
 * Workers start through worker-boot.ts. Where a worker cannot start, the pass runs on the
 * calling thread and `onFallback` says why: same labels, only slower.
 */
import type { Worker } from 'node:worker_threads';
import type { AssignRequest, FineRequest } from './assign-worker.ts';
import { balanceJobs, type FineJob, type FineResult, fineKmeans } from './fine-kmeans.ts';
import type { Matrix } from './kernels.ts';
import { probeAssign, type TwoLevelRouter } from './probe-assign.ts';
import { ask, startTsWorker } from './worker-boot.ts';

const WORKER = new URL('./assign-worker.ts', import.meta.url);

/** A Float32Array whose memory worker threads can share (a copy unless it already is). */
export function sharedRows(x: Matrix): Matrix {
  if (x.data.buffer instanceof SharedArrayBuffer) return x;
  const data = new Float32Array(new SharedArrayBuffer(x.data.byteLength));
  data.set(x.data);
  return { ...x, data };
}

/** Labels rows through a two-level router, on worker threads when it has them. */
export interface AssignPool {
  readonly threads: number;
  /** Labels every row of `x` (SharedArrayBuffer-backed for more than one thread: `sharedRows`). */
  assign(x: Matrix, router: TwoLevelRouter, probe: number): Promise<Int32Array>;
  /** Runs per-group k-means jobs; results in job order, the same on any thread. */
  fine(jobs: FineJob[]): Promise<FineResult[]>;
  close(): void;
}

/** Assignment on the calling thread (the fallback, and the right choice for small catalogues). */
function inlinePool(): AssignPool {
  return {
    threads: 1,
    async assign(x, router, probe) {
      const labels = new Int32Array(x.rows);
      probeAssign(x, router, probe, labels, 0, x.rows);
      return labels;
    },
    fine: async (jobs) => jobs.map(fineKmeans),
    close() {},
  };
}

/**
 * A pool of `threads` workers (≤ 1: the calling thread). Where a worker cannot start the pool
 * runs inline and `onFallback` gets the reason.
 *
 * @example
 * const pool = await openAssignPool(2);
 * try { labels = await pool.assign(sharedRows(items), router, 8); } finally { pool.close(); }
 */
export async function openAssignPool(
  threads: number,
  onFallback?: (why: string) => void,
): Promise<AssignPool> {
  if (threads <= 1) return inlinePool();
  const workers: Worker[] = [];
  try {
    for (let t = 0; t < threads; t++) workers.push(await startTsWorker(WORKER));
  } catch (error) {
    for (const w of workers) void w.terminate();
    onFallback?.(error instanceof Error ? error.message : String(error));
    return inlinePool();
  }
  return {
    threads,
    async assign(x, router, probe) {
      if (!(x.data.buffer instanceof SharedArrayBuffer))
        throw new Error('pooled assignment needs sharedRows()');
      const labels = new Int32Array(new SharedArrayBuffer(4 * x.rows));
      const per = Math.ceil(x.rows / threads);
      await Promise.all(
        workers.map((w, t) => {
          const from = Math.min(x.rows, t * per);
          const to = Math.min(x.rows, (t + 1) * per);
          return from === to
            ? undefined
            : ask(w, { kind: 'assign', x, router, probe, labels, from, to } satisfies AssignRequest);
        }),
      );
      return labels;
    },
    async fine(jobs) {
      const results: FineResult[] = new Array(jobs.length);
      const queues = balanceJobs(
        jobs.map((j) => j.rows.rows),
        workers.length,
      );
      await Promise.all(
        queues.map(async (queue, t) => {
          if (queue.length === 0) return;
          const request: FineRequest = { kind: 'fine', jobs: queue.map((j) => jobs[j] as FineJob) };
          const reply = await ask<{ results: FineResult[] }>(workers[t] as Worker, request);
          queue.forEach((j, i) => {
            results[j] = reply.results[i] as FineResult;
          });
        }),
      );
      return results;
    },
    close() {
      for (const w of workers) void w.terminate();
    },
  };
}
