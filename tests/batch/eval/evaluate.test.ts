import { describe, expect, it } from 'vitest';
import { InteractionBuilder, type InteractionSet, subset } from '../../../batch/src/data/interactions.ts';
import { evaluate } from '../../../batch/src/eval/evaluate.ts';
import { PopularityRecommender, type Recommender } from '../../../batch/src/eval/recommender.ts';
import { interactionsOf } from '../../support/interactions.ts';

/** The same fixed ranking for everyone: item 0 best, then 1, 2, … */
const fixed: Recommender = {
  name: 'fixed',
  scoreUsers(users, out) {
    const n = out.length / users.length;
    for (let j = 0; j < users.length; j++) for (let i = 0; i < n; i++) out[j * n + i] = 1 - i / n;
  },
};

/** Train and test over one index space: users 0..3, items 0..5. */
function tiny(): { train: InteractionSet; test: InteractionSet } {
  const b = new InteractionBuilder();
  for (let u = 0; u < 4; u++) b.internUser(`u${u}`);
  for (let i = 0; i < 6; i++) b.internItem(`i${i}`);
  const rows: [number, number, 0 | 1][] = [
    [0, 0, 0], // u0 train {0}
    [0, 2, 1], // u0 test {2, 5}
    [0, 5, 1],
    [1, 1, 0], // u1 train {1, 2}
    [1, 2, 0],
    [1, 0, 1], // u1 test {0}
    [2, 3, 0], // u2 train {3}
    [2, 4, 1], // u2 test {4}
    [3, 1, 1], // u3 test {1}, no train: cold
  ];
  for (const [u, i] of rows) b.addIndexed(u, i, 1);
  const set = b.build();
  const isTest = rows.map((r) => r[2]);
  return {
    train: subset(
      set,
      isTest.map((t) => 1 - t),
    ),
    test: subset(set, isTest),
  };
}

describe('evaluate', () => {
  it('matches metrics computed by hand, removing seen items and skipping cold users', async () => {
    const { train, test } = tiny();
    const r = await evaluate(fixed, train, test, { k: 3 });
    // u0: seen {0} removed → top-3 [1, 2, 3]; relevant {2, 5}; hit at rank 2.
    //     P = 1/3, R = 1/2, nDCG = (1/log2 3) / (1 + 1/log2 3) = 0.386853, MAP = (1/2) / 2 = 0.25, HR = 1
    // u1: seen {1, 2} removed → [0, 3, 4]; relevant {0}; hit at rank 1.
    //     P = 1/3, R = 1, nDCG = 1, MAP = 1, HR = 1
    // u2: seen {3} removed → [0, 1, 2]; relevant {4}; no hit → all 0.
    // u3 has no train interactions: left out (cold).
    const d2 = 1 / Math.log2(3);
    expect(r.users).toBe(3);
    expect(r.coldUsers).toBe(1);
    expect(r.precision).toBeCloseTo((1 / 3 + 1 / 3 + 0) / 3, 12); // 0.2222
    expect(r.recall).toBeCloseTo((1 / 2 + 1 + 0) / 3, 12); // 0.5
    expect(r.ndcg).toBeCloseTo((d2 / (1 + d2) + 1 + 0) / 3, 12); // 0.462284
    expect(r.map).toBeCloseTo((0.25 + 1 + 0) / 3, 12); // 0.416667
    expect(r.hitRate).toBeCloseTo(2 / 3, 12);
    // Items shown in some top-3: {0, 1, 2, 3, 4} of 6.
    expect(r.coverage).toBeCloseTo(5 / 6, 12);
  });

  it('can include cold users and keep seen items, for diagnostics', async () => {
    const { train, test } = tiny();
    const r = await evaluate(fixed, train, test, { k: 3, includeColdUsers: true, removeSeen: false });
    // Now every user sees [0, 1, 2]: u0 hits 2 at rank 3; u1 hits 0 at rank 1; u2 none; u3 hits 1 at rank 2.
    expect(r.users).toBe(4);
    expect(r.hitRate).toBeCloseTo(3 / 4, 12);
    expect(r.precision).toBeCloseTo(3 / 3 / 4, 12);
  });

  it('evaluates a seeded sample of users when asked', async () => {
    const b = new InteractionBuilder();
    for (let u = 0; u < 50; u++) {
      b.add(`u${u}`, `i${u % 7}`);
      b.add(`u${u}`, `i${(u + 3) % 7}`);
    }
    const set = b.build();
    const isTest = Array.from({ length: set.length }, (_, r) => r % 2);
    const train = subset(
      set,
      isTest.map((t) => 1 - t),
    );
    const test = subset(set, isTest);
    const a = await evaluate(fixed, train, test, { k: 2, sampleUsers: 10, seed: 3 });
    const again = await evaluate(fixed, train, test, { k: 2, sampleUsers: 10, seed: 3 });
    expect(a.users).toBe(10);
    expect(a.eligibleUsers).toBe(50);
    expect(again.ndcg).toBe(a.ndcg);
  });

  it('refuses train and test from different index spaces', async () => {
    const { train } = tiny();
    const other = new InteractionBuilder();
    other.add('x', 'y');
    await expect(evaluate(fixed, train, other.build())).rejects.toThrow(/index space/);
  });
});

describe('PopularityRecommender', () => {
  it('ranks items by distinct training users, the same for everyone', async () => {
    // item a: 3 users; item b: 1 user with a huge weight; item c: 2 users.
    const set = interactionsOf([
      ['u1', 'a'],
      ['u2', 'a'],
      ['u3', 'a'],
      ['u1', 'b', 100],
      ['u1', 'b', 100],
      ['u2', 'c'],
      ['u3', 'c'],
    ]);
    const byUsers = new PopularityRecommender(set);
    expect(Array.from(byUsers.scores)).toEqual([3, 1, 2]);
    const byWeight = new PopularityRecommender(set, { by: 'weight' });
    expect(Array.from(byWeight.scores)).toEqual([3, 200, 2]);
    const out = new Float32Array(6);
    byUsers.scoreUsers(Int32Array.from([0, 2]), out);
    expect(Array.from(out)).toEqual([3, 1, 2, 3, 1, 2]);
  });
});
