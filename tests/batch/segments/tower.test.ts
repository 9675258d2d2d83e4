/**
 * Segment vectors from the user tower (batch/src/segments/tower.ts) on a planted answer: visitors
 * from DE touch only the first two items, visitors from FR only the last two, whatever their
 * device. The tower, trained on the context groups, must give every published DE segment a
 * vector that ranks DE's items first (and FR's likewise), publish only groups with enough users,
 * and produce a table the edge reads like the other methods.
 */
import { describe, expect, it } from 'vitest';
import { SegmentTable } from '#shared/schemas';
import type { SegmentModel, SegmentSession } from '../../../batch/src/segments/learn.ts';
import { learnTowerSegments } from '../../../batch/src/segments/tower.ts';
import { plainFoldIn } from '../../support/fold-in.ts';

const USERS = 40;
const itemFactors = Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9);
const userFactors = Float32Array.from({ length: USERS * 2 }, (_, k) =>
  (k % 2 === 0) === Math.floor(k / 2) < USERS / 2 ? 1 : 0,
);
const model: SegmentModel = {
  dim: 2,
  userFactors,
  itemFactors,
  foldIn: plainFoldIn(2, Float64Array.of(1.82, 0.18, 0.18, 1.82), 4),
};
/** User u: DE (items 0, 1) for the first half, FR (items 2, 3) for the rest; devices alternate. */
const sessions: SegmentSession[] = Array.from({ length: USERS }, (_, u) => {
  const de = u < USERS / 2;
  const first = de ? 0 : 2;
  return {
    user: u,
    context: { country: de ? 'DE' : 'FR', device: u % 2 === 0 ? 'mobile' : 'desktop' },
    items: new Map([
      [first + (u % 2), 2],
      [first + ((u + 1) % 2), 1],
    ]),
  };
});

const scores = (vector: readonly number[]) =>
  [0, 1, 2, 3].map((i) => vector[0]! * itemFactors[2 * i]! + vector[1]! * itemFactors[2 * i + 1]!);

describe('user-tower segment vectors', () => {
  it('ranks each country’s items first for every published segment of that country', async () => {
    const table = await learnTowerSegments(sessions, model, {
      minUsers: 10,
      tower: { maxEpochs: 150, patience: 150, hidden: 16, learningRate: 0.02, seed: 3 },
    });
    expect(SegmentTable.parse(table).method).toBe('user_tower');
    const keys = table.segments.map((s) => s.key);
    // 20 users per country, 10 per country × device; 20 per device: every group has ≥ 10.
    expect(new Set(keys)).toEqual(
      new Set([
        'country=DE',
        'country=FR',
        'device=mobile',
        'device=desktop',
        'country=DE|device=mobile',
        'country=DE|device=desktop',
        'country=FR|device=mobile',
        'country=FR|device=desktop',
      ]),
    );
    for (const s of table.segments) {
      expect(s.vector).toHaveLength(2);
      const [a0, a1, b0, b1] = scores(s.vector);
      if (s.key.includes('country=DE')) expect(Math.min(a0!, a1!), s.key).toBeGreaterThan(Math.max(b0!, b1!));
      if (s.key.includes('country=FR')) expect(Math.min(b0!, b1!), s.key).toBeGreaterThan(Math.max(a0!, a1!));
    }
  });

  it('publishes no group with fewer users than minUsers', async () => {
    const table = await learnTowerSegments(sessions, model, { minUsers: 15, tower: { maxEpochs: 3 } });
    expect(table.segments.map((s) => s.key).sort()).toEqual([
      'country=DE',
      'country=FR',
      'device=desktop',
      'device=mobile',
    ]);
    expect(table.segments.every((s) => s.users >= 15)).toBe(true);
  });
});
