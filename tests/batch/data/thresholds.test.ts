/**
 * Bad-row thresholds: malformed input above a small share is refused with a line-numbered
 * report instead of being trained on with a warning; a flag raises the limit.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadConfig } from '#shared/schemas';
import type { MemoryStore } from '#shared/storage';
import { parseBehaviourEvents } from '../../../batch/src/data/events.ts';
import { compactEvents } from '../../../batch/src/data/parquet/compact.ts';
import { badRowExcess } from '../../../batch/src/data/thresholds.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { runCli } from '../publish/support.ts';

const fast = ['--factors', '4', '--iterations', '2', '--threads', '1', '--compute', 'js'];
const SHOP = 'mem://thresholds-shop';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-thresholds-'));
  await generateStorefront({ seed: 3, items: 80, users: 60, events: 2000, days: 1 }, { store: SHOP });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A CSV of 200 good rows and `bad` rows whose weight is not a number, at the end. */
async function clicks(name: string, bad: number): Promise<string> {
  const rows = ['user,item,weight'];
  for (let r = 0; r < 200; r++) rows.push(`u${r % 20},i${(r * 7) % 30},1`);
  for (let b = 0; b < bad; b++) rows.push(`u${b},i${b},oops`);
  await writeFile(join(dir, name), `${rows.join('\n')}\n`);
  return `file://${dir}/${name}`;
}

describe('bad-row limits', () => {
  it('measures the share against rowsRead and names the first bad lines', () => {
    const lines = ['{"eventId":"a","type":"view"', '{"eventId":"b"'].concat(
      Array.from({ length: 98 }, (_, i) =>
        JSON.stringify({
          eventId: `g${i}`,
          type: 'view',
          itemId: 'i1',
          userId: 'u1',
          ts: '2026-01-01T00:00:00Z',
        }),
      ),
    );
    const { report } = parseBehaviourEvents(new TextEncoder().encode(lines.join('\n')), 'day.ndjson');
    const limits = LoadConfig.parse({});
    const why = badRowExcess(report, limits);
    expect(why).toMatch(
      /day\.ndjson: 2 of 100 rows are malformed \(2\.00 %\), above --max-bad-fraction 0\.01/,
    );
    expect(why).toMatch(/day\.ndjson:1: invalid JSON/);
    expect(badRowExcess(report, LoadConfig.parse({ maxBadFraction: 0.05 }))).toBeNull();
    expect(badRowExcess(report, LoadConfig.parse({ maxBadFraction: 0.05, maxBadRows: 1 }))).toMatch(
      /above --max-bad-rows 1/,
    );
  });

  it('train refuses a CSV with 5 % bad rows (exit 1, line numbers in the log) unless the limit is raised', async () => {
    const data = await clicks('five-percent.csv', 10);
    const refused = await runCli(['train', '--data', data, '--out', `file://${dir}/out-a`, ...fast], 'error');
    expect(refused.code).toBe(1);
    expect(refused.log).toMatch(/10 of 210 rows are malformed/);
    expect(refused.log).toMatch(/five-percent\.csv:202: weight \\"oops\\" is not a number/);
    const raised = await runCli(
      ['train', '--data', data, '--out', `file://${dir}/out-b`, '--max-bad-fraction', '0.1', ...fast],
      'error',
    );
    expect(raised.code).toBe(0);
  });

  it('a catalogue above the limit is refused too', async () => {
    const data = await clicks('clean.csv', 0);
    const items = ['{"itemId":"i1","category":"tshirt","price":1,"tags":[]}', '{"itemId":"i2","category":'];
    await writeFile(join(dir, 'catalogue.jsonl'), `${items.join('\n')}\n`);
    const result = await runCli(
      [
        'train',
        '--data',
        data,
        '--catalogue',
        `file://${dir}/catalogue.jsonl`,
        '--out',
        `file://${dir}/o`,
        ...fast,
      ],
      'error',
    );
    expect(result.code).toBe(1);
    expect(result.log).toMatch(/catalogue\.jsonl:2: invalid JSON/);
  });

  it('pipeline refuses edge events with a garbage file above the limit and publishes nothing', async () => {
    const shop = openStore(SHOP) as MemoryStore;
    const garbage = Array.from({ length: 100 }, (_, i) => `{"eventId":"x${i}","type":"vi`).join('\n');
    await shop.put('events/dt=2030-01-01/hour=00/torn.ndjson', new TextEncoder().encode(garbage));
    const store = openStore('mem://thresholds-models');
    const refused = await runCli(['pipeline', '--data', SHOP, '--store', 'mem://thresholds-models', ...fast]);
    expect(refused.code).toBe(1);
    expect(refused.log).toMatch(/torn\.ndjson:1: invalid JSON/);
    expect(await store.list('manifests/')).toEqual([]);
    const raised = await runCli([
      'pipeline',
      '--data',
      SHOP,
      '--store',
      'mem://thresholds-models',
      '--max-bad-fraction',
      '1',
      ...fast,
      '--gan',
      'skip',
    ]);
    expect(raised.code).toBe(0);
    await shop.delete('events/dt=2030-01-01/hour=00/torn.ndjson');
  });

  it('applies to a compacted (Parquet) store too: malformed lines met by the compaction refuse the run', async () => {
    const uri = 'mem://thresholds-compacted';
    await generateStorefront({ seed: 5, items: 60, users: 40, events: 1500, days: 1 }, { store: uri });
    await compactEvents(uri);
    const garbage = Array.from({ length: 50 }, (_, i) => `{"eventId":"y${i}","ty`).join('\n');
    await openStore(uri).put('events/dt=2030-01-02/hour=00/torn.ndjson', new TextEncoder().encode(garbage));
    const refused = await runCli([
      'pipeline',
      '--data',
      uri,
      '--store',
      'mem://thresholds-compacted-models',
      ...fast,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.log).toMatch(/torn\.ndjson:1: invalid JSON/);
  });
});
