/**
 * nprobe calibration on a worker thread, so that it runs while the calling thread encodes and
 * writes the list shards (both need only the finished partition). The result is the very same
 * `calibrateNprobe` computes inline; where no worker can start it runs inline, and
 * `onFallback` says why.
 */
import { sharedRows } from './assign-pool.ts';
import type { Calibration, CalibrationOptions } from './calibrate.ts';
import { calibrateNprobe } from './calibrate.ts';
import type { CalibrateRequest } from './calibrate-worker.ts';
import type { Matrix } from './kernels.ts';
import { ask, startTsWorker } from './worker-boot.ts';

const WORKER = new URL('./calibrate-worker.ts', import.meta.url);

/**
 * Starts the calibration; await the promise when its result is needed.
 *
 * @example
 * const pending = calibrateOffThread(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.95 });
 * await writeLists(…);
 * const { nprobe } = await pending;
 */
export async function calibrateOffThread(
  items: Matrix,
  centroids: Matrix,
  lists: readonly Int32Array[],
  queries: Matrix,
  options: CalibrationOptions = {},
  onFallback?: (why: string) => void,
): Promise<Calibration> {
  let worker: Awaited<ReturnType<typeof startTsWorker>>;
  try {
    worker = await startTsWorker(WORKER);
  } catch (error) {
    onFallback?.(error instanceof Error ? error.message : String(error));
    return calibrateNprobe(items, centroids, lists, queries, options);
  }
  try {
    // Shared memory: the worker reads the item rows in place instead of a structured clone.
    const request: CalibrateRequest = {
      items: sharedRows(items),
      centroids,
      lists: [...lists],
      queries,
      options,
    };
    return (await ask<{ calibration: Calibration }>(worker, request)).calibration;
  } finally {
    void worker.terminate();
  }
}
