/**
 * Leaky evaluation: `vitrine eval` on the data a model was refit on used to report inflated
 * nDCG silently; it now refuses (or warns with --allow-refit-data).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { InteractionBuilder, type InteractionSet } from '../../../batch/src/data/interactions.ts';
import { measureLeakage, trainingPairs } from '../../../batch/src/eval/leakage.ts';
import { runCli } from '../publish/support.ts';

const fast = ['--factors', '4', '--iterations', '3', '--threads', '1', '--compute', 'js'];
let dir: string;

function pairs(from: number, to: number): InteractionSet {
  const b = new InteractionBuilder();
  for (let r = from; r < to; r++) b.add(`u${r % 97}`, `i${Math.floor(r / 97)}`, 1);
  return b.build();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-leak-'));
  const rng = createRng(4);
  const rows = ['user,item,weight'];
  for (let u = 0; u < 80; u++)
    for (let i = 0; i < 40; i++)
      if (Math.floor(i / 10) === u % 4 ? rng.next() < 0.5 : rng.next() < 0.04) rows.push(`u${u},i${i},1`);
  await writeFile(join(dir, 'clicks.csv'), `${rows.join('\n')}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('training-pair sample', () => {
  it('finds every held-out pair of the training data, and none of disjoint data', () => {
    const train = pairs(0, 5000);
    const sample = trainingPairs(train, 500); // sampled: about 500 of 5000 pairs kept
    expect(sample.hashes.length).toBeGreaterThan(350);
    expect(sample.hashes.length).toBeLessThan(650);
    const empty = pairs(0, 0);
    expect(measureLeakage(sample, empty, pairs(0, 2000)).share).toBe(1);
    const fresh = measureLeakage(sample, empty, pairs(5000, 9000));
    expect(fresh.sampled).toBeGreaterThan(200);
    expect(fresh.trainedOn).toBe(0);
    // Pairs the evaluation's own history holds are not counted as leaked.
    expect(measureLeakage(sample, pairs(0, 2000), pairs(0, 2000)).sampled).toBe(0);
  });
});

describe('vitrine eval on training data', () => {
  const data = () => `file://${dir}/clicks.csv`;

  it('refuses to evaluate a refit model on its own data, naming the overlap and the fixes', async () => {
    expect((await runCli(['train', '--data', data(), '--out', `file://${dir}/refit`, ...fast])).code).toBe(0);
    const refused = await runCli(['eval', '--model', `file://${dir}/refit`, '--data', data()]);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.log).toMatch(/100\.0 % of the held-out pairs .* are in the model's training data/);
    expect(refused.log).toMatch(/--no-refit/);
  });

  it('evaluates anyway with --allow-refit-data, with a warning', async () => {
    const allowed = await runCli(
      ['eval', '--model', `file://${dir}/refit`, '--data', data(), '--allow-refit-data'],
      'warn',
    );
    expect(allowed.code).toBe(0);
    expect(allowed.log).toMatch(/"event":"eval.refit_data"/);
    expect(JSON.parse(allowed.out)['ials-4']['ndcg@10']).toBeGreaterThan(0);
  });

  it('evaluates a --no-refit model on the same split without complaint', async () => {
    const args = ['train', '--data', data(), '--out', `file://${dir}/split`, '--no-refit', ...fast];
    expect((await runCli(args)).code).toBe(0);
    const honest = await runCli(['eval', '--model', `file://${dir}/split`, '--data', data()], 'warn');
    expect(honest.code).toBe(0);
    expect(honest.log).not.toMatch(/refit_data|leak_unknown/);
  });
});
