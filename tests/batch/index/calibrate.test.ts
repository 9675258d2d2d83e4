import { describe, expect, it } from 'vitest';
import { calibrateNprobe } from '../../../batch/src/index/calibrate.ts';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { buildIvf } from '../../../batch/src/index/ivf.ts';
import { encodeList } from '../../../batch/src/index/quantize.ts';
import { exactTopIds, IvfSearcher, recallOf } from '../../../batch/src/index/search.ts';

const mixture = { rows: 6000, dim: 16, clusters: 40, spread: 0.7, seed: 3 };
const items = clusteredVectors(mixture, 'items');
const queries = clusteredVectors({ ...mixture, rows: 100 }, 'queries');
const ids = Array.from({ length: items.rows }, (_, i) => `i${i}`);
const ivf = await buildIvf(items, { nlist: 0, maxListRows: 500, seed: 1 });

describe('calibrateNprobe', () => {
  it('predicts exactly the recall a real search measures at every nprobe', () => {
    const cal = calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.95 });
    const searcher = new IvfSearcher(
      ivf.centroids,
      ivf.lists.map((rows) => encodeList(ids, items, rows, 'f32', false)),
    );
    for (const nprobe of [1, 3, cal.nprobe]) {
      let recall = 0;
      for (let q = 0; q < queries.rows; q++) {
        const query = queries.data.subarray(q * 16, (q + 1) * 16);
        const found = searcher.search(query, { k: 10, nprobe }).hits.map((h) => h.id);
        recall += recallOf(found, exactTopIds(query, items, ids, 10));
      }
      expect(cal.curve[nprobe - 1]).toBeCloseTo(recall / queries.rows, 10);
    }
  });

  it('returns the smallest nprobe that reaches the target, with a monotone curve ending at 1', () => {
    const cal = calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.9 });
    expect(cal.recall).toBeGreaterThanOrEqual(0.9);
    if (cal.nprobe > 1) expect(cal.curve[cal.nprobe - 2]).toBeLessThan(0.9);
    for (let p = 1; p < cal.curve.length; p++)
      expect(cal.curve[p]).toBeGreaterThanOrEqual(cal.curve[p - 1] as number);
    expect(cal.curve[cal.curve.length - 1]).toBeCloseTo(1, 12);
    expect(cal.scannedCurve[cal.scannedCurve.length - 1]).toBeCloseTo(1, 12);
  });
});
