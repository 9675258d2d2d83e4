/**
 * Worker-thread side of assign-pool.ts: trains the per-group k-means it is sent, or labels the
 * row range it is sent through the two-level router, writing into the shared label array (rows and labels are SharedArrayBuffer-backed, so
 * nothing large is copied per message). Each worker instantiates its own scan kernel.
 */

import { type FineJob, type FineResult, fineKmeans } from './fine-kmeans.ts';
import type { Matrix } from './kernels.ts';
import { probeAssign, type TwoLevelRouter } from './probe-assign.ts';
import { serveRequests } from './worker-serve.ts';

export interface AssignRequest {
  kind: 'assign';
  x: Matrix;
  router: TwoLevelRouter;
  probe: number;
  labels: Int32Array;
  from: number;
  to: number;
}

/** Per-group k-means jobs of the two-level trainer (fine-kmeans.ts). */
export interface FineRequest {
  kind: 'fine';
  jobs: FineJob[];
}

serveRequests((m: AssignRequest | FineRequest): { results?: FineResult[] } => {
  if (m.kind === 'fine') return { results: m.jobs.map(fineKmeans) };
  probeAssign(m.x, m.router, m.probe, m.labels, m.from, m.to);
  return {};
});
