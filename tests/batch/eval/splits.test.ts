import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { InteractionBuilder, type InteractionSet, toCsr } from '../../../batch/src/data/interactions.ts';
import { leaveLastOut, stratifiedSplit, temporalSplit } from '../../../batch/src/eval/splits.ts';
import { interactionsOf } from '../../support/interactions.ts';

/** Random interactions with repeated (user, item) pairs and timestamps. */
function randomSet(seed: number, rows = 3000): InteractionSet {
  const rng = createRng(seed);
  const b = new InteractionBuilder();
  for (let r = 0; r < rows; r++) {
    const u = rng.nextInt(60);
    const i = Math.floor(rng.next() ** 2 * 120); // skewed item popularity
    b.add(`u${u}`, `i${i}`, 1 + rng.nextInt(3), 1_700_000_000_000 + rng.nextInt(90 * 86_400) * 1000);
  }
  return b.build();
}

/** Distinct (user, item) keys of a set. */
function pairKeys(set: InteractionSet): Set<number> {
  const keys = new Set<number>();
  for (let r = 0; r < set.length; r++) keys.add(set.users[r]! * 100_000 + set.items[r]!);
  return keys;
}

/** Number of distinct pairs per group (item or user). */
function pairsPerGroup(set: InteractionSet, by: 'user' | 'item'): number[] {
  const csr = toCsr(set, by);
  const n = by === 'user' ? set.userIds.length : set.itemIds.length;
  return Array.from({ length: n }, (_, g) => csr.indptr[g + 1]! - csr.indptr[g]!);
}

describe('stratifiedSplit', () => {
  for (const by of ['item', 'user'] as const) {
    it(`puts ⌊0.75·n⌋ of each ${by}'s pairs in train (MS rank/count ≤ ratio rule)`, () => {
      const set = randomSet(1);
      const { train, test } = stratifiedSplit(set, { by, ratio: 0.75, seed: 42 });
      const all = pairsPerGroup(set, by);
      const tr = pairsPerGroup(train, by);
      const te = pairsPerGroup(test, by);
      for (let g = 0; g < all.length; g++) {
        // Largest r with r / n ≤ 0.75; a group of one goes wholly to test, as in MS.
        expect(tr[g]).toBe(Math.floor(0.75 * all[g]!));
        expect(tr[g]! + te[g]!).toBe(all[g]);
      }
    });
  }

  it('keeps every row of a pair on one side (no leakage) and loses no row', () => {
    const set = randomSet(2);
    const { train, test, isTest } = stratifiedSplit(set);
    expect(train.length + test.length).toBe(set.length);
    expect(isTest.reduce((a, b) => a + b, 0)).toBe(test.length);
    const trainPairs = pairKeys(train);
    for (const key of pairKeys(test)) expect(trainPairs.has(key)).toBe(false);
    expect(train.itemIds).toBe(set.itemIds);
  });

  it('is deterministic for a seed and changes with it', () => {
    const set = randomSet(3);
    const a = stratifiedSplit(set, { seed: 7 }).isTest;
    const b = stratifiedSplit(set, { seed: 7 }).isTest;
    const c = stratifiedSplit(set, { seed: 8 }).isTest;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('rejects a ratio outside (0, 1)', () => {
    expect(() => stratifiedSplit(randomSet(4, 10), { ratio: 1 })).toThrow(/ratio/);
  });
});

describe('temporalSplit', () => {
  it("trains on each user's earliest pairs and tests on the latest", () => {
    const set = randomSet(5);
    const { train, test } = temporalSplit(set, { ratio: 0.8 });
    // Each pair's time is its first occurrence; compare per user across the two sides.
    const firstSeen = (s: InteractionSet) => {
      const m = new Map<number, number>();
      for (let r = 0; r < s.length; r++) {
        const key = s.users[r]! * 100_000 + s.items[r]!;
        m.set(key, Math.min(m.get(key) ?? Number.POSITIVE_INFINITY, s.timestamps![r]!));
      }
      return m;
    };
    const lastTrain = new Map<number, number>();
    for (const [key, t] of firstSeen(train)) {
      const u = Math.floor(key / 100_000);
      lastTrain.set(u, Math.max(lastTrain.get(u) ?? Number.NEGATIVE_INFINITY, t));
    }
    let checked = 0;
    for (const [key, t] of firstSeen(test)) {
      const u = Math.floor(key / 100_000);
      expect(t).toBeGreaterThanOrEqual(lastTrain.get(u)!);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    const all = pairsPerGroup(set, 'user');
    const tr = pairsPerGroup(train, 'user');
    for (let u = 0; u < all.length; u++) expect(tr[u]).toBe(Math.floor(0.8 * all[u]! + 1e-9));
  });

  it('refuses interactions without timestamps', () => {
    const b = new InteractionBuilder();
    b.add('u', 'i');
    expect(() => temporalSplit(b.build())).toThrow(/timestamps/);
  });
});

describe('leaveLastOut', () => {
  it("holds out each user's most recently first-touched item", () => {
    const set = interactionsOf([
      ['a', 'x', 1, 100],
      ['a', 'y', 1, 300],
      ['a', 'z', 1, 200],
      ['a', 'x', 1, 400], // re-touching x does not make it the newest item
      ['b', 'x', 1, 50], // b has one pair: stays in train
      ['c', 'y', 1, 10],
      ['c', 'z', 1, 10], // tie: the higher item index is "last"
    ]);
    const { train, test } = leaveLastOut(set);
    const held = Array.from(
      { length: test.length },
      (_, r) => `${set.userIds[test.users[r]!]}:${set.itemIds[test.items[r]!]}`,
    );
    expect(held).toEqual(['a:y', 'c:z']);
    expect(train.length).toBe(5);
  });
});
