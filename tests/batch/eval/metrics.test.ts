import { describe, expect, it } from 'vitest';
import { metricsRecord, rankingMetrics } from '../../../batch/src/eval/metrics.ts';

// Discounts used below: 1/log2(2) = 1, 1/log2(3) = 0.6309297536, 1/log2(4) = 0.5.
const D2 = 1 / Math.log2(3);

describe('ranking metrics, checked by hand', () => {
  it('scores a list with hits at ranks 2 and 3 (k = 5, three relevant items)', () => {
    // ranked [3, 1, 7, 2, 5], relevant {1, 7, 9}: hits at ranks 2 (item 1) and 3 (item 7).
    const m = rankingMetrics([3, 1, 7, 2, 5], [1, 7, 9], 5);
    expect(m.precision).toBeCloseTo(2 / 5, 12); // 2 hits / k
    expect(m.recall).toBeCloseTo(2 / 3, 12); // 2 hits / 3 relevant
    // DCG = 1/log2(3) + 1/log2(4) = 1.1309297536; IDCG over min(3, 5) = 3 ranks = 1 + 0.6309297536 + 0.5
    expect(m.ndcg).toBeCloseTo((D2 + 0.5) / (1 + D2 + 0.5), 12); // 0.5307212...
    expect(m.ndcg).toBeCloseTo(0.530721, 5);
    // AP sum = precision at each hit = 1/2 + 2/3 = 1.1666667; MAP divides by |rel| = 3.
    expect(m.map).toBeCloseTo((1 / 2 + 2 / 3) / 3, 12); // 0.3888889
    expect(m.mapCapped).toBeCloseTo((1 / 2 + 2 / 3) / 3, 12); // min(3, 5) = 3 as well
    expect(m.hitRate).toBe(1);
  });

  it('cuts the same list at k = 2, where MAP and its capped variant differ', () => {
    // first two: [3, 1] → one hit, at rank 2.
    const m = rankingMetrics([3, 1, 7, 2, 5], [1, 7, 9], 2);
    expect(m.precision).toBeCloseTo(1 / 2, 12);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.ndcg).toBeCloseTo(D2 / (1 + D2), 12); // 0.3868528...: IDCG over min(3, 2) = 2 ranks
    expect(m.map).toBeCloseTo(1 / 2 / 3, 12); // 0.1666667: AP sum 1/2, divided by |rel| = 3
    expect(m.mapCapped).toBeCloseTo(1 / 2 / 2, 12); // 0.25: divided by min(3, 2) = 2
  });

  it('divides precision by k even when fewer than k items were recommended', () => {
    // ranked [2], relevant {2}, k = 3: one hit at rank 1.
    const m = rankingMetrics([2], [2], 3);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.recall).toBe(1);
    expect(m.ndcg).toBe(1);
    expect(m.map).toBe(1);
    expect(m.hitRate).toBe(1);
  });

  it('gives zero everywhere when nothing relevant is recommended', () => {
    expect(rankingMetrics([4, 6], [8], 5)).toEqual({
      precision: 0,
      recall: 0,
      ndcg: 0,
      map: 0,
      mapCapped: 0,
      hitRate: 0,
    });
  });

  it('gives 1 for nDCG and MAP when the list starts with every relevant item', () => {
    const m = rankingMetrics([5, 4, 9, 1], [4, 5], 4);
    expect(m.ndcg).toBeCloseTo(1, 12);
    expect(m.map).toBeCloseTo(1, 12); // (1/1 + 2/2) / 2
    expect(m.precision).toBeCloseTo(0.5, 12);
  });

  it('names metrics the way metrics.json publishes them', () => {
    const rec = metricsRecord(rankingMetrics([1], [1], 10), 10);
    expect(Object.keys(rec).sort()).toEqual([
      'hit_rate@10',
      'map',
      'map@10',
      'ndcg@10',
      'precision@10',
      'recall@10',
    ]);
    expect(rec['precision@10']).toBeCloseTo(0.1, 12);
  });

  it('rejects a non-positive k', () => {
    expect(() => rankingMetrics([1], [1], 0)).toThrow(RangeError);
  });
});
