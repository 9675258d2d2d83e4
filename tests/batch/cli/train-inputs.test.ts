/**
 * `vitrine train` input papercuts: plain paths, --format auto (the pipeline's default),
 * --delimiter on CSV inputs, and a ready-made --test split.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingMetrics } from '#shared/schemas';
import { runVitrine } from '../../support/vitrine-cli.ts';

const SMALL = ['--factors', '4', '--iterations', '3', '--mf.compute', 'js', '--threads', '1'];
let dir: string;

const run = (argv: string[]) => runVitrine([...argv, ...SMALL]);

const metricsOf = async (out: string) =>
  TrainingMetrics.parse(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')));

/** 30 users in 3 taste groups over 15 items; the test split (same format) holds one more pair per user. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-train-inputs-'));
  const train = ['user;item;weight'];
  const test = ['user;item'];
  for (let u = 0; u < 30; u++) {
    const g = u % 3;
    for (let k = 0; k < 4; k++) train.push(`u${u};i${g * 5 + ((u + k) % 5)};1`);
    test.push(`u${u};i${g * 5 + ((u + 4) % 5)}`);
  }
  test.push('stranger;i1', 'u1;never-seen');
  await writeFile(join(dir, 'clicks.csv'), `${train.join('\n')}\n`);
  await writeFile(join(dir, 'test.csv'), `${test.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('vitrine train inputs', () => {
  it('takes plain relative paths, detects the CSV format, and reads a --delimiter', async () => {
    const data = `./${relative(process.cwd(), join(dir, 'clicks.csv'))}`;
    const out = relative(process.cwd(), join(dir, 'plain-out'));
    const { code, err, logs } = await run(['train', '--data', data, '--delimiter', ';', '--out', out]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(logs.find((l) => l.event === 'interactions.report')).toMatchObject({ rowsKept: 120, rowsBad: 0 });
    expect((await metricsOf(join(dir, 'plain-out'))).data.users).toBe(30);
  });

  it('without --delimiter, a semicolon file is malformed and refused (the flag is what reads it)', async () => {
    const { code } = await run(['train', '--data', join(dir, 'clicks.csv'), '--out', join(dir, 'x')]);
    expect(code).toBe(1);
  });

  it('evaluates on a ready-made --test split, counting test rows it cannot score', async () => {
    const { code, logs } = await run([
      'train',
      '--data',
      join(dir, 'clicks.csv'),
      '--delimiter',
      ';',
      '--test',
      join(dir, 'test.csv'),
      '--out',
      join(dir, 'given-test'),
    ]);
    expect(code).toBe(0);
    expect(logs.find((l) => l.event === 'eval.given_test')).toMatchObject({
      rows: 32,
      unknownUser: 1,
      unknownItem: 1,
    });
    const metrics = await metricsOf(join(dir, 'given-test'));
    expect(metrics.data).toMatchObject({ train: 120, test: 30, evaluatedUsers: 30 });
    // The model evaluated is the one saved: trained once on all of --data, no refit.
    expect(logs.filter((l) => l.event === 'train.sweep')).toHaveLength(3);
    expect(metrics.models['ials-4']?.['ndcg@10']).toBeGreaterThan(
      metrics.models.popularity?.['ndcg@10'] ?? 1,
    );
  });
});
