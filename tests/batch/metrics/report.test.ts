/**
 * The pipeline's online-metrics step and `vitrine report` on a real published model: a metrics
 * document per run in the model store (coverage of the published catalogue, diversity from its
 * categories, the version's offline metrics), and one self-contained HTML page locally and in
 * the bucket.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armOf } from '#shared/holdout';
import { readOnlineMetricsHistory } from '../../../batch/src/metrics/online.ts';
import { REPORT_KEY } from '../../../batch/src/metrics/report/build.ts';
import { quietContext } from '../../../batch/src/observe/index.ts';
import { runPipeline } from '../../../batch/src/pipeline/run.ts';
import { readCurrent } from '../../../batch/src/publish/read.ts';
import { openStore } from '../../../batch/src/storage/open.ts';
import { generateStorefront } from '../../../batch/src/synthetic/storefront.ts';
import { runCli } from '../publish/support.ts';

const SHOP = 'mem://report-test-shop';
const MODELS = 'mem://report-test-models';
const ctx = quietContext('error');
const small = { mf: { factors: 8, iterations: 3, threads: 1, compute: 'js' as const }, evalUsers: 0 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-report-'));
  await generateStorefront({ seed: 5, items: 200, users: 100, events: 4000, days: 2 }, { store: SHOP });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** 40 sessions shown lists of the live version: the model arm's clicked, the holdout's not. */
async function serveImpressions(version: string): Promise<void> {
  const rows: string[] = [];
  const ts = '2026-12-01T10:00:00.000Z';
  for (let s = 0; s < 40; s++) {
    const sessionId = `r-${s}`;
    const arm = armOf(sessionId, 0.3, 'report-test');
    const itemIds = Array.from({ length: 5 }, (_, k) => `i${(s * 5 + k) % 200}`);
    rows.push(
      JSON.stringify({
        eventId: `imp-${s}`,
        type: 'impression',
        sessionId,
        ts,
        itemIds,
        modelVersion: version,
        context: 'vitrine-recs:home',
        arm,
      }),
    );
  }
  await openStore(SHOP).put(
    'impressions/dt=2026-12-01/hour=10/r.ndjson',
    new TextEncoder().encode(`${rows.join('\n')}\n`),
  );
  const clicks = Array.from({ length: 40 }, (_, s) => s)
    .filter((s) => armOf(`r-${s}`, 0.3, 'report-test') === 'model' || s % 3 === 0)
    .map((s) =>
      JSON.stringify({
        eventId: `c-${s}`,
        type: 'click',
        sessionId: `r-${s}`,
        ts: '2026-12-01T10:01:00.000Z',
        itemId: `i${(s * 5) % 200}`,
        context: 'vitrine-recs:home',
      }),
    );
  await openStore(SHOP).put(
    'events/dt=2026-12-01/hour=10/r.ndjson',
    new TextEncoder().encode(`${clicks.join('\n')}\n`),
  );
}

describe('online metrics in the pipeline, and vitrine report', () => {
  it('files a metrics run per pipeline run and writes a self-contained report', async () => {
    const models = openStore(MODELS);
    const first = await runPipeline(
      { data: SHOP, catalogue: `${SHOP}/catalogue/`, store: models, ...small },
      ctx,
    );
    expect(first.status).toBe('published');
    await serveImpressions(first.version as string);
    await runPipeline({ data: SHOP, catalogue: `${SHOP}/catalogue/`, store: models, ...small }, ctx);
    const { runs } = await readOnlineMetricsHistory(models);
    expect(runs).toHaveLength(2);
    const latest = runs[1];
    const served = latest?.versions.find((v) => v.modelVersion === first.version);
    const live = await readCurrent(models);
    expect(served?.impressions).toBe(40);
    expect(served?.coverage).toBeCloseTo(200 / 200, 12); // 40 lists × 5 distinct items cover the 200
    expect(served?.diversity).toBeGreaterThan(0);
    expect(served?.offline?.['ndcg@10']).toBe(first.gate?.candidate);
    expect(
      latest?.uplift.find((u) => u.modelVersion === '*' && u.metric === 'ctr')?.relative,
    ).toBeGreaterThan(0);
    expect(live).not.toBeNull();

    const out = join(dir, 'report.html');
    const { code } = await runCli(['report', '--store', MODELS, '--out', out]);
    expect(code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain(first.version as string);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(5);
    // Self-contained: no script, no external stylesheet, picture or font.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(new TextDecoder().decode(await models.get(REPORT_KEY))).toBe(html);
  });

  it('says there are no online metrics yet for a store without runs', async () => {
    const out = join(dir, 'empty.html');
    const { code } = await runCli(['report', '--store', 'mem://report-empty', '--out', out, '--no-upload']);
    expect(code).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('No online metrics yet');
  });
});
