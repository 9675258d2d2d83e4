import { describe, expect, it } from 'vitest';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { groupByLabel } from '../../../batch/src/index/grouping.ts';
import { probeAssign } from '../../../batch/src/index/probe-assign.ts';
import { twoLevelKmeans } from '../../../batch/src/index/two-level.ts';

const x = clusteredVectors({ rows: 3000, dim: 8, clusters: 30, spread: 0.5, seed: 2 }, 'items');
const options = { k: 60, metric: 'l2' as const, seed: 1, iterations: 10, samplePerCentroid: 64 };

describe('twoLevelKmeans', () => {
  it('labels every row with one of k lists whose centroid is the exact mean of its rows', async () => {
    const { labels, centroids } = await twoLevelKmeans(x, options);
    expect(centroids.rows).toBe(60);
    const lists = groupByLabel(labels, 60);
    expect(lists.reduce((n, l) => n + l.length, 0)).toBe(3000);
    for (const [j, rows] of lists.entries()) {
      if (rows.length === 0) continue;
      for (let d = 0; d < 8; d++) {
        let mean = 0;
        for (const r of rows) mean += x.data[r * 8 + d] as number;
        expect(centroids.data[j * 8 + d]).toBeCloseTo(mean / rows.length, 5);
      }
    }
  });

  it('puts most rows in their globally nearest list despite training per coarse group', async () => {
    const { labels, centroids } = await twoLevelKmeans(x, options);
    let nearest = 0;
    for (let r = 0; r < x.rows; r++) {
      let best = Number.POSITIVE_INFINITY;
      let bestJ = -1;
      for (let j = 0; j < centroids.rows; j++) {
        let d2 = 0;
        for (let d = 0; d < 8; d++)
          d2 += ((x.data[r * 8 + d] as number) - (centroids.data[j * 8 + d] as number)) ** 2;
        if (d2 < best) {
          best = d2;
          bestJ = j;
        }
      }
      if (bestJ === labels[r]) nearest++;
    }
    expect(nearest / x.rows).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed', async () => {
    expect(Array.from((await twoLevelKmeans(x, options)).labels)).toEqual(
      Array.from((await twoLevelKmeans(x, options)).labels),
    );
  });

  it('gives the same labels on worker threads as on the calling thread, trained on a sample', async () => {
    const big = clusteredVectors({ rows: 6000, dim: 8, clusters: 60, spread: 0.5, seed: 3 }, 'items');
    const sampled = { ...options, k: 80, trainRows: 2000 };
    const inline = await twoLevelKmeans(big, { ...sampled, threads: 1 });
    const fallbacks: string[] = [];
    const pooled = await twoLevelKmeans(big, {
      ...sampled,
      threads: 2,
      onFallback: (w) => fallbacks.push(w),
    });
    expect(fallbacks).toEqual([]);
    expect(inline.trainingRows).toBe(2000);
    expect(Array.from(pooled.labels)).toEqual(Array.from(inline.labels));
    expect(Array.from(pooled.centroids.data)).toEqual(Array.from(inline.centroids.data));
  });

  it('labels a row whose probed coarse groups own no lists with the best list of all', () => {
    const router = {
      coarse: { data: Float32Array.from([1, 0, 0, 1]), rows: 2, dim: 2 },
      fine: { data: Float32Array.from([0, 1, 0.5, 0.5]), rows: 2, dim: 2 },
      ranges: [0, 0, 2], // coarse group 0 owns no list
      metric: 'ip' as const,
    };
    const labels = new Int32Array(1).fill(-1);
    probeAssign({ data: Float32Array.from([1, 0.1]), rows: 1, dim: 2 }, router, 1, labels, 0, 1);
    expect(labels[0]).toBe(1);
  });
});
