/**
 * Worker-thread side of assign-pool.ts: labels the row range it is sent through the two-level
 * router, writing into the shared label array (rows and labels are SharedArrayBuffer-backed, so
 * nothing large is copied per message). Each worker instantiates its own scan kernel.
 */
import { parentPort } from 'node:worker_threads';
import type { Matrix } from './kernels.ts';
import { probeAssign, type TwoLevelRouter } from './probe-assign.ts';

export interface AssignRequest {
  x: Matrix;
  router: TwoLevelRouter;
  probe: number;
  labels: Int32Array;
  from: number;
  to: number;
}

export type AssignReply = { type: 'ready' } | { type: 'done' } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  port.on('message', (m: AssignRequest) => {
    try {
      probeAssign(m.x, m.router, m.probe, m.labels, m.from, m.to);
      port.postMessage({ type: 'done' } satisfies AssignReply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'error', message } satisfies AssignReply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies AssignReply);
}
