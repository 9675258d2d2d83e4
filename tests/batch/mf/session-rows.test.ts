import { describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { trainIals } from '../../../batch/src/models/mf/ials.ts';
import { withSessionRows } from '../../../batch/src/models/mf/session-rows.ts';
import { interactionsOf, type Row } from '../../support/interactions.ts';
import { plantedConfig } from './planted.ts';

const T0 = 1_700_000_000_000;
const MIN = 60_000;

/** The item ids of each appended session row, in row order. */
function sessionsOf(rows: readonly Row[], gapSeconds: number, max?: number): string[][] {
  const base = interactionsOf(rows);
  const { set, sessions } = withSessionRows(base, gapSeconds, max);
  const out: string[][] = Array.from({ length: sessions }, () => []);
  for (let r = base.length; r < set.length; r++)
    out[set.users[r]! - base.userIds.length]!.push(set.itemIds[set.items[r]!]!);
  return out;
}

describe('withSessionRows', () => {
  it('adds each visit of two or more items as a row of its own, split where the gap exceeds the limit', () => {
    const rows: Row[] = [
      // u1: three visits (the middle one a single item), given out of time order.
      ['u1', 'c', 1, T0 + 2 * MIN],
      ['u1', 'a', 1, T0],
      ['u1', 'b', 1, T0 + 1 * MIN],
      ['u1', 'd', 1, T0 + 60 * MIN],
      ['u1', 'e', 1, T0 + 120 * MIN],
      ['u1', 'f', 1, T0 + 123 * MIN],
    ];
    expect(sessionsOf(rows, 240)).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    // With a two-minute limit the three-minute e→f gap splits that visit into single items.
    expect(sessionsOf(rows, 120)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps the original rows and user indices and appends the session rows after them', () => {
    const base = interactionsOf([
      ['u1', 'a', 2, T0],
      ['u1', 'b', 3, T0 + MIN],
      ['u2', 'a', 1, T0],
      ['u1', 'c', 1, T0 + 500 * MIN],
    ]);
    const { set, sessions } = withSessionRows(base, 240);
    expect(sessions).toBe(1);
    expect(set.userIds.slice(0, base.userIds.length)).toEqual(base.userIds);
    expect(Array.from(set.users.subarray(0, base.length))).toEqual(Array.from(base.users));
    expect(Array.from(set.items.subarray(0, base.length))).toEqual(Array.from(base.items));
    // The session row carries its rows' weights.
    expect(Array.from(set.users.subarray(base.length))).toEqual([2, 2]);
    expect(Array.from(set.weights.subarray(base.length))).toEqual([2, 3]);
  });

  it('keeps only the most recent visits when there are more than the cap allows', () => {
    const rows: Row[] = [
      ['u1', 'a', 1, T0 + 500 * MIN],
      ['u1', 'b', 1, T0 + 501 * MIN],
      ['u1', 'c', 1, T0],
      ['u1', 'd', 1, T0 + MIN],
      ['u2', 'e', 1, T0 + 900 * MIN],
      ['u2', 'f', 1, T0 + 902 * MIN],
      ['u2', 'a', 1, T0 + 100 * MIN],
      ['u2', 'c', 1, T0 + 101 * MIN],
    ];
    expect(sessionsOf(rows, 240)).toHaveLength(4);
    expect(sessionsOf(rows, 240, 2)).toEqual([
      ['a', 'b'],
      ['e', 'f'],
    ]);
    expect(sessionsOf(rows, 240, 0)).toEqual([]);
  });

  it('adds nothing for a whole-history visit, single-item visits, untimed rows or a zero gap', () => {
    const whole: Row[] = [
      ['u1', 'a', 1, T0],
      ['u1', 'b', 1, T0 + MIN],
    ];
    expect(sessionsOf(whole, 240)).toEqual([]);
    const repeats: Row[] = [
      ['u1', 'a', 1, T0],
      ['u1', 'a', 1, T0 + MIN],
      ['u1', 'b', 1, T0 + 100 * MIN],
      ['u1', 'c', 1, T0 + 200 * MIN],
    ];
    expect(sessionsOf(repeats, 240)).toEqual([]);
    const untimed = interactionsOf([
      ['u1', 'a'],
      ['u1', 'b'],
      ['u1', 'c'],
    ]);
    expect(withSessionRows(untimed, 240)).toEqual({ set: untimed, sessions: 0 });
    const timed = interactionsOf([...repeats, ['u1', 'd', 1, T0 + 201 * MIN]]);
    expect(withSessionRows(timed, 240).sessions).toBe(1);
    expect(withSessionRows(timed, 0)).toEqual({ set: timed, sessions: 0 });
  });
});

describe('trainIals with session rows', () => {
  /**
   * 60 users in three kinds; a user of kind k makes two visits a day apart: 4 items of group 2k,
   * then 4 of group 2k + 1. Whole histories cannot tell groups 2k and 2k + 1 apart (every user
   * who has one has the other); only the visits can.
   */
  function visits() {
    const rng = createRng(11);
    const rows: Row[] = [];
    for (let u = 0; u < 60; u++) {
      for (const visit of [0, 1]) {
        const group = 2 * (u % 3) + visit;
        const picked = new Set<number>();
        while (picked.size < 4) picked.add(rng.nextInt(8));
        const start = T0 + visit * 24 * 60 * MIN;
        for (const [n, k] of [...picked].entries())
          rows.push([`u${u}`, `g${group}i${k}`, 1, start + n * MIN]);
      }
    }
    return interactionsOf(rows);
  }

  /** Mean cosine of item pairs in the same group minus that of pairs in partner groups (2k, 2k+1). */
  function groupSeparation(itemIds: string[], factors: Float32Array, dim: number): number {
    const group = itemIds.map((id) => Number(id.slice(1, id.indexOf('i'))));
    const norm = (i: number) => Math.hypot(...factors.subarray(i * dim, (i + 1) * dim));
    const cos = (i: number, j: number) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += factors[i * dim + d]! * factors[j * dim + d]!;
      return s / (norm(i) * norm(j) || 1);
    };
    const same: number[] = [];
    const partner: number[] = [];
    for (let i = 0; i < itemIds.length; i++)
      for (let j = i + 1; j < itemIds.length; j++) {
        if (group[i] === group[j]) same.push(cos(i, j));
        else if (group[i]! >> 1 === group[j]! >> 1) partner.push(cos(i, j));
      }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return mean(same) - mean(partner);
  }

  it('brings items chosen within one visit closer than whole histories do, and returns real users only', async () => {
    const set = visits();
    const config = (sessionGap: number) =>
      plantedConfig({ factors: 8, iterations: 10, compute: 'js', sessionGap });
    const plain = await trainIals(set, config(0));
    const withVisits = await trainIals(set, config(240));
    expect(withVisits.userFactors.length).toBe(set.userIds.length * 8);
    expect(withVisits.itemFactors.length).toBe(set.itemIds.length * 8);
    const before = groupSeparation(set.itemIds, plain.itemFactors, 8);
    const after = groupSeparation(set.itemIds, withVisits.itemFactors, 8);
    expect(after).toBeGreaterThan(before + 0.2);
  });

  it('warm-starts from factors of the real users only', async () => {
    const set = visits();
    const config = plantedConfig({ factors: 8, iterations: 2, compute: 'js', sessionGap: 240 });
    const first = await trainIals(set, config);
    const refit = await trainIals(set, config, {
      initial: { userFactors: first.userFactors, itemFactors: first.itemFactors },
    });
    expect(refit.userFactors.length).toBe(set.userIds.length * 8);
    expect(refit.userFactors.every(Number.isFinite)).toBe(true);
  });
});
