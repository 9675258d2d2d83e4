/**
 * Worker-thread side of assign-pool.ts: labels the row range it is sent through the two-level
 * router, writing into the shared label array (rows and labels are SharedArrayBuffer-backed, so
 * nothing large is copied per message). Each worker instantiates its own scan kernel.
 */
import type { Matrix } from './kernels.ts';
import { probeAssign, type TwoLevelRouter } from './probe-assign.ts';
import { serveRequests } from './worker-serve.ts';

export interface AssignRequest {
  x: Matrix;
  router: TwoLevelRouter;
  probe: number;
  labels: Int32Array;
  from: number;
  to: number;
}

serveRequests((m: AssignRequest) => {
  probeAssign(m.x, m.router, m.probe, m.labels, m.from, m.to);
  return {};
});
