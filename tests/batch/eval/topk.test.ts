import { describe, expect, it } from 'vitest';
import { InteractionBuilder, toCsr } from '../../../batch/src/data/interactions.ts';
import type { Recommender } from '../../../batch/src/eval/recommender.ts';
import { forEachScoredBatch, type RecommendOptions, topKItems } from '../../../batch/src/eval/topk.ts';

describe('topKItems', () => {
  it('returns the best items first, ties to the lower index', () => {
    expect(Array.from(topKItems(new Float32Array([0.1, 0.9, 0.5, 0.9, 0.5]), 3))).toEqual([1, 3, 2]);
  });

  it('never returns -Infinity or NaN, so the list can be shorter than k', () => {
    const s = new Float32Array([Number.NEGATIVE_INFINITY, 2, Number.NaN, 1]);
    expect(Array.from(topKItems(s, 4))).toEqual([1, 3]);
  });

  it('works on a row of a larger buffer, with indices relative to the row', () => {
    const s = new Float32Array([9, 9, 9, 1, 3, 2]);
    expect(Array.from(topKItems(s, 2, 3, 6))).toEqual([1, 2]);
  });

  it('agrees with a full sort on random scores', () => {
    let x = 12345;
    const s = new Float32Array(2000).map(() => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * 300); // many ties
    });
    const expected = Array.from(s.keys())
      .sort((a, b) => s[b]! - s[a]! || a - b)
      .slice(0, 25);
    expect(Array.from(topKItems(s, 25))).toEqual(expected);
  });
});

/** Each user's top-k, scored in batches with exclusions applied, as `evaluate` ranks them. */
async function topKPerUser(
  recommender: Recommender,
  users: Int32Array,
  k: number,
  numItems: number,
  options: RecommendOptions,
): Promise<Int32Array[]> {
  const out: Int32Array[] = [];
  await forEachScoredBatch(recommender, users, numItems, options, (batch, scores) => {
    for (let b = 0; b < batch.length; b++) out.push(topKItems(scores, k, b * numItems, (b + 1) * numItems));
  });
  return out;
}

describe('forEachScoredBatch', () => {
  it('scores users in batches and removes excluded items', async () => {
    const b = new InteractionBuilder();
    b.add('u0', 'a');
    b.add('u1', 'b');
    b.add('u1', 'c');
    b.internItem('d');
    const set = b.build();
    // Scores prefer lower item indices; user index is added so batches are distinguishable.
    const batches: number[] = [];
    const rec: Recommender = {
      name: 'fixed',
      scoreUsers(users, out) {
        batches.push(users.length);
        for (let j = 0; j < users.length; j++) for (let i = 0; i < 4; i++) out[j * 4 + i] = 10 - i;
      },
    };
    const lists = await topKPerUser(rec, Int32Array.from([0, 1]), 2, 4, {
      exclude: toCsr(set, 'user'),
      maxBufferFloats: 4, // one user per batch
    });
    expect(lists.map((l) => Array.from(l))).toEqual([
      [1, 2], // u0 saw a (0)
      [0, 3], // u1 saw b (1) and c (2)
    ]);
    expect(batches).toEqual([1, 1]);
  });
});
