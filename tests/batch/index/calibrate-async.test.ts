import { describe, expect, it } from 'vitest';
import { calibrateNprobe } from '../../../batch/src/index/calibrate.ts';
import { calibrateOffThread } from '../../../batch/src/index/calibrate-async.ts';
import { clusteredVectors } from '../../../batch/src/index/clustered.ts';
import { buildIvf } from '../../../batch/src/index/ivf.ts';

const mixture = { rows: 5000, dim: 16, clusters: 40, spread: 0.7, seed: 8 };
const items = clusteredVectors(mixture, 'items');
const queries = clusteredVectors({ ...mixture, rows: 60 }, 'queries');
const ivf = await buildIvf(items, { nlist: 0, maxListRows: 400, seed: 3 });

describe('calibrateOffThread', () => {
  it('calibrates on a worker thread to exactly the inline result', async () => {
    const inline = calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.9 });
    let fallback: string | undefined;
    const off = await calibrateOffThread(
      items,
      ivf.centroids,
      ivf.lists,
      queries,
      { targetRecall: 0.9 },
      (why) => {
        fallback = why;
      },
    );
    expect(fallback).toBeUndefined();
    expect(off.nprobe).toBe(inline.nprobe);
    expect(Array.from(off.curve)).toEqual(Array.from(inline.curve));
    expect(Array.from(off.scannedCurve)).toEqual(Array.from(inline.scannedCurve));
  });
});
