import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { assignRows } from '../../../batch/src/index/ivf-assign.ts';
import type { Matrix } from '../../../batch/src/index/kernels.ts';
import { kmeans } from '../../../batch/src/index/kmeans.ts';

/** `perBlob` points around each of `centres` with tiny noise: a known answer for k-means. */
function blobs(
  centres: number[][],
  perBlob: number,
  noise: number,
  seed: number,
): { x: Matrix; truth: Int32Array } {
  const rng = createRng(seed);
  const dim = (centres[0] as number[]).length;
  const rows = centres.length * perBlob;
  const data = new Float32Array(rows * dim);
  const truth = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = r % centres.length;
    truth[r] = c;
    for (let d = 0; d < dim; d++)
      data[r * dim + d] = ((centres[c] as number[])[d] as number) + noise * rng.normal();
  }
  return { x: { data, rows, dim }, truth };
}

const CORNERS = [
  [5, 0, 0],
  [0, 5, 0],
  [0, 0, 5],
  [-5, -5, 0],
  [3, 3, 3],
];

describe('kmeans', () => {
  it('recovers well-separated planted clusters exactly', () => {
    const { x, truth } = blobs(CORNERS, 200, 0.2, 1);
    const { centroids } = kmeans(x, { k: 5, seed: 7 });
    const labels = assignRows(x, centroids, 'l2');
    // Every planted cluster maps to one centroid, and no two clusters share one.
    const mapping = new Map<number, number>();
    for (let r = 0; r < x.rows; r++) {
      const t = truth[r] as number;
      const seen = mapping.get(t);
      if (seen === undefined) mapping.set(t, labels[r] as number);
      else expect(labels[r]).toBe(seen);
    }
    expect(new Set(mapping.values()).size).toBe(5);
    for (const [t, j] of mapping) {
      // Centroids are means of the training sample (64 rows per centroid), noise 0.2 per value.
      for (let d = 0; d < 3; d++) {
        expect(
          Math.abs((centroids.data[j * 3 + d] as number) - ((CORNERS[t] as number[])[d] as number)),
        ).toBeLessThan(0.15);
      }
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { x } = blobs(CORNERS, 100, 2, 2);
    const a = kmeans(x, { k: 8, seed: 3 }).centroids.data;
    const b = kmeans(x, { k: 8, seed: 3 }).centroids.data;
    const c = kmeans(x, { k: 8, seed: 4 }).centroids.data;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('keeps every centroid populated when points are duplicated (empty clusters are split)', () => {
    // 3 distinct points, 60 rows, k = 6: Lloyd alone would leave clusters empty.
    const { x } = blobs(
      [
        [1, 0],
        [0, 1],
        [-1, -1],
      ],
      20,
      0,
      5,
    );
    const { centroids } = kmeans(x, { k: 6, seed: 1, iterations: 5 });
    expect(centroids.rows).toBe(6);
    for (const v of centroids.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('returns unit-length centroids for the cosine metric', () => {
    const { x } = blobs(CORNERS, 50, 0.5, 3);
    const { centroids, metric } = kmeans(x, { k: 4, seed: 2, metric: 'cosine' });
    expect(metric).toBe('cosine');
    for (let j = 0; j < 4; j++) {
      let n = 0;
      for (let d = 0; d < 3; d++) n += (centroids.data[j * 3 + d] as number) ** 2;
      expect(Math.sqrt(n)).toBeCloseTo(1, 5);
    }
  });

  it('weighs longer rows more in the unit centroids of the ip metric (FAISS IVF-IP), unlike cosine', () => {
    // One cluster: a short row along x and a long row along y. cosine averages the directions
    // (45°); ip averages the rows as they are, so the centroid leans towards the long one.
    const x = { data: Float32Array.from([1, 0, 0, 4]), rows: 2, dim: 2 };
    const ip = kmeans(x, { k: 1, seed: 1, metric: 'ip', iterations: 3 }).centroids.data;
    const cos = kmeans(x, { k: 1, seed: 1, metric: 'cosine', iterations: 3 }).centroids.data;
    expect(Math.hypot(ip[0] as number, ip[1] as number)).toBeCloseTo(1, 5);
    expect(ip[0]).toBeCloseTo(1 / Math.hypot(1, 4), 5);
    expect(ip[1]).toBeCloseTo(4 / Math.hypot(1, 4), 5);
    expect(cos[0]).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it('trains on a bounded sample of large inputs', () => {
    const { x } = blobs(CORNERS, 2000, 1, 4);
    const result = kmeans(x, { k: 5, seed: 1, samplePerCentroid: 100 });
    expect(result.trainingRows).toBe(500);
  });

  it('rejects k larger than the number of rows', () => {
    const { x } = blobs([[0, 0]], 3, 1, 1);
    expect(() => kmeans(x, { k: 4 })).toThrow(RangeError);
  });
});
