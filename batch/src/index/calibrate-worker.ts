/**
 * Worker-thread side of `calibrateOffThread` (calibrate-async.ts): runs `calibrateNprobe` on the
 * items (SharedArrayBuffer-backed, not copied), centroids, lists and queries it is sent.
 */
import { type Calibration, type CalibrationOptions, calibrateNprobe } from './calibrate.ts';
import type { Matrix } from './kernels.ts';
import { serveRequests } from './worker-serve.ts';

export interface CalibrateRequest {
  items: Matrix;
  centroids: Matrix;
  lists: Int32Array[];
  queries: Matrix;
  options: CalibrationOptions;
}

serveRequests((m: CalibrateRequest): { calibration: Calibration } => ({
  calibration: calibrateNprobe(m.items, m.centroids, m.lists, m.queries, m.options),
}));
