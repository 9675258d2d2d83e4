import { describe, expect, it } from 'vitest';
import { openAssignPool } from '../../../batch/src/index/assign-pool.ts';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { balanceJobs, type FineJob, fineKmeans } from '../../../batch/src/index/fine-kmeans.ts';

describe('balanceJobs', () => {
  it('gives the largest jobs first to the least loaded thread, and every job to exactly one', () => {
    const queues = balanceJobs([900, 10, 500, 450, 40], 2);
    // 900 | 500, 450 (950) | 40 (940) | 10 goes to the first of the two threads tied at 950.
    expect(queues).toEqual([
      [0, 4, 1],
      [2, 3],
    ]);
    expect(queues.flat().sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('per-group k-means on the pool', () => {
  it('trains every group to the same centroids and labels on worker threads as inline', async () => {
    const jobs: FineJob[] = [3, 5, 8, 2].map((k, g) => ({
      rows: clusteredVectors({ rows: 400 + 150 * g, dim: 16, clusters: 6, spread: 0.5, seed: g }, 'items'),
      options: { k, seed: 10 + g, metric: 'ip', iterations: 10 },
    }));
    const inline = jobs.map(fineKmeans);
    const pool = await openAssignPool(2);
    try {
      expect(pool.threads).toBe(2);
      const pooled = await pool.fine(jobs);
      for (const [g, r] of pooled.entries()) {
        expect(Array.from(r.labels)).toEqual(Array.from(inline[g]?.labels ?? []));
        expect(Array.from(r.centroids.data)).toEqual(Array.from(inline[g]?.centroids.data ?? []));
      }
    } finally {
      pool.close();
    }
  });
});
