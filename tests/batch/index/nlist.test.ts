import { describe, expect, it } from 'vitest';
import { autoNlist, defaultThreads, MANY_LISTS_FROM } from '../../../batch/src/index/ivf.ts';

describe('autoNlist', () => {
  it('keeps about 2√n lists for small and mid-sized catalogues', () => {
    expect(autoNlist(9_724, 10_000)).toBe(197);
    expect(autoNlist(100_000, 10_000)).toBe(632);
    expect(autoNlist(MANY_LISTS_FROM, 10_000)).toBe(1000);
  });

  it('grows to 8√n lists at a million rows and stays there', () => {
    expect(autoNlist(1_000_000, 10_000)).toBe(8000);
    expect(autoNlist(4_000_000, 10_000)).toBe(16_000);
    expect(autoNlist(500_000, 10_000)).toBe(Math.round(4 * Math.sqrt(500_000)));
  });

  it('adds lists when the shard budget holds fewer rows than an average list', () => {
    expect(autoNlist(100_000, 100)).toBe(2000);
  });
});

describe('defaultThreads', () => {
  it('uses worker threads only where a pass over the rows takes seconds', () => {
    expect(defaultThreads(50_000)).toBe(1);
    expect(defaultThreads(1_000_000)).toBeGreaterThanOrEqual(1);
    expect(defaultThreads(1_000_000)).toBeLessThanOrEqual(4);
  });
});
