/**
 * Online metrics on a hand-built event set whose answers are worked out by hand: attribution
 * (windows, placement, repeats, items not shown), rates per (version, placement, arm), the
 * model arm's uplift over the holdout with its delta-method interval, coverage and diversity.
 */
import { describe, expect, it } from 'vitest';
import { type MetricsGroup, OnlineMetrics } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { attribute } from '../../../batch/src/metrics/attribute.ts';
import { versionMetrics } from '../../../batch/src/metrics/compute.ts';
import {
  computeOnlineMetrics,
  readOnlineMetricsHistory,
  writeOnlineMetrics,
} from '../../../batch/src/metrics/online.ts';
import { readOnlineEvents } from '../../../batch/src/metrics/read.ts';
import { ratioEstimate, relativeUplift, Z95 } from '../../../batch/src/metrics/stats.ts';

const T0 = Date.UTC(2026, 11, 1, 10);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const PDP = 'vitrine-recs:pdp';
let n = 0;

function impression(sessionId: string, minutes: number, itemIds: string[], arm?: string, context = PDP) {
  return {
    eventId: `imp-${++n}`,
    type: 'impression',
    sessionId,
    ts: at(minutes),
    itemIds,
    modelVersion: 'v1',
    context,
    ...(arm ? { arm } : {}),
  };
}
function action(
  sessionId: string,
  minutes: number,
  type: string,
  itemId: string,
  context: string | undefined = PDP,
) {
  return { eventId: `ev-${++n}`, type, sessionId, ts: at(minutes), itemId, ...(context ? { context } : {}) };
}
const ndjson = (rows: unknown[]) =>
  new TextEncoder().encode(`${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);

/** The scenario (see each session's comment); answers below are derived from it by hand. */
async function shop(): Promise<MemoryStore> {
  const store = new MemoryStore('mem://metrics-known');
  const dImp = impression('D', 0, ['p', 'q'], 'holdout');
  const impressions = [
    impression('A', 0, ['a', 'b', 'c'], 'model'),
    impression('A', 10, ['d', 'e'], 'model'),
    impression('B', 0, ['a', 'b'], 'model'),
    impression('C', 0, ['p', 'q'], 'holdout'),
    dImp,
    impression('E', 0, ['p', 'q'], 'holdout'),
    impression('F', 0, ['a'], undefined, 'vitrine-recs:home'),
  ];
  const events = [
    // A: a clicked twice (one click), d never shown, a carted and bought, b clicked from the older list.
    action('A', 1, 'click', 'a'),
    action('A', 2, 'click', 'a'),
    action('A', 3, 'click', 'd', undefined),
    action('A', 5, 'add_to_cart', 'a'),
    action('A', 6, 'purchase', 'a'),
    action('A', 11, 'click', 'b'),
    // B: a click 40 minutes later, past the 30-minute click window.
    action('B', 40, 'click', 'a'),
    // C: one click on the holdout list; E: a cart of an item never shown (converts, unattributed).
    action('C', 1, 'click', 'p'),
    action('E', 2, 'add_to_cart', 'z', undefined),
    // F: a click naming another placement than the list's.
    action('F', 1, 'click', 'a'),
    // G: no impression at all.
    action('G', 1, 'click', 'a'),
    action('A', 0, 'view', 'a'),
  ];
  await store.put('impressions/dt=2026-12-01/hour=10/1-a-0.ndjson', ndjson(impressions));
  // The retried impression of D (same eventId) in a later file, a torn line, an invalid event.
  const torn = new TextEncoder().encode(
    `${JSON.stringify(dImp)}\n{"eventId":\n${JSON.stringify({ type: 'impression' })}\n`,
  );
  await store.put('impressions/dt=2026-12-01/hour=10/2-a-0.ndjson', torn);
  await store.put('events/dt=2026-12-01/hour=10/1-a-0.ndjson', ndjson(events));
  return store;
}

const group = (groups: MetricsGroup[], placement: string, arm: string) =>
  groups.find((g) => g.placement === placement && g.arm === arm);

describe('online metrics', () => {
  it('attributes clicks, carts and purchases by session, window, placement and item, once each', async () => {
    const metrics = await computeOnlineMetrics(await shop(), new MemoryStore('mem://no-models'), {
      now: new Date(T0),
    });
    expect(metrics.totals).toEqual({
      impressions: 7,
      sessions: 6,
      clicks: 3,
      carts: 1,
      purchases: 1,
      badLines: 2,
    });
    expect(group(metrics.groups, PDP, 'model')).toEqual({
      modelVersion: 'v1',
      placement: PDP,
      arm: 'model',
      impressions: 3,
      sessions: 2,
      clicks: 2,
      carts: 1,
      purchases: 1,
      ctr: 2 / 3,
      cartRate: 1 / 3,
      purchaseRate: 1 / 3,
      sessionConversion: 1 / 2,
    });
    expect(group(metrics.groups, PDP, 'holdout')).toMatchObject({
      impressions: 3,
      sessions: 3,
      clicks: 1,
      carts: 0,
      ctr: 1 / 3,
      sessionConversion: 1 / 3,
    });
    expect(group(metrics.groups, 'vitrine-recs:home', 'none')).toMatchObject({ impressions: 1, clicks: 0 });
  });

  it('reports the uplift of the model arm with the clustered delta-method interval', async () => {
    const metrics = await computeOnlineMetrics(await shop(), new MemoryStore('mem://no-models-2'));
    const ctr = metrics.uplift.find((r) => r.modelVersion === 'v1' && r.metric === 'ctr');
    // Model: sessions (2 clicks, 2 imps), (0, 1): R = 2/3, Var = (2 − 2R·1 + R²·0.5)/(2·1.5²) = 16/81.
    // Holdout: (1,1), (0,1), (0,1): R = 1/3, Var = (1/3)/3 = 1/9. se(log ratio) = √(16/81·9/4 + 1) = √(13/9).
    const se = Math.sqrt(13 / 9);
    expect(ctr?.model).toBeCloseTo(2 / 3, 12);
    expect(ctr?.holdout).toBeCloseTo(1 / 3, 12);
    expect(ctr?.relative).toBeCloseTo(1, 12);
    expect(ctr?.ci95?.[0]).toBeCloseTo(2 * Math.exp(-Z95 * se) - 1, 9);
    expect(ctr?.ci95?.[1]).toBeCloseTo(2 * Math.exp(Z95 * se) - 1, 9);
    expect(ctr?.sessions).toEqual({ model: 2, holdout: 3 });
    const conversion = metrics.uplift.find(
      (r) => r.modelVersion === '*' && r.metric === 'session_conversion',
    );
    expect([conversion?.model, conversion?.holdout, conversion?.relative]).toEqual([
      1 / 2,
      1 / 3,
      expect.closeTo(0.5, 12),
    ]);
  });

  it('gives no interval where a rate is zero or a single session cannot show variance', () => {
    expect(
      relativeUplift(
        ratioEstimate([[1, 2]]),
        ratioEstimate([
          [0, 1],
          [0, 3],
        ]),
      ),
    ).toEqual({ relative: null, ci95: null });
    expect(
      relativeUplift(
        ratioEstimate([[1, 2]]),
        ratioEstimate([
          [1, 1],
          [0, 3],
        ]),
      ),
    ).toEqual({ relative: 1, ci95: null });
  });

  it('measures coverage of the catalogue and intra-list category diversity per version', async () => {
    const sessions = attribute(await readOnlineEvents(await shop()));
    const categories = new Map(Object.entries({ a: 'x', b: 'x', c: 'y', d: 'x', e: 'x', p: 'z', q: 'w' }));
    const [v1] = versionMetrics(
      sessions,
      new Map([['v1', { catalogueItems: 70, offline: { 'ndcg@10': 0.3 } }]]),
      (id) => categories.get(id),
    );
    // Lists [a,b,c] 2/3, [d,e] 0, [a,b] 0, three [p,q] 1 each, [a] has no pair: mean 11/18.
    expect(v1).toMatchObject({
      modelVersion: 'v1',
      impressions: 7,
      ctr: 3 / 7,
      distinctItems: 7,
      coverage: 0.1,
    });
    expect(v1?.diversity).toBeCloseTo(11 / 18, 12);
    expect(v1?.offline).toEqual({ 'ndcg@10': 0.3 });
  });

  it('stores one schema-valid document per run and reads the series back in order', async () => {
    const models = new MemoryStore('mem://metrics-history');
    const events = await shop();
    for (const day of [2, 1])
      await writeOnlineMetrics(
        models,
        await computeOnlineMetrics(events, models, { now: new Date(Date.UTC(2026, 11, day)) }),
      );
    await models.put('reports/online/broken.json', new TextEncoder().encode('{'));
    const { runs, unreadable } = await readOnlineMetricsHistory(models);
    expect(runs.map((r) => r.runAt)).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
    expect(unreadable).toBe(1);
    for (const run of runs) expect(OnlineMetrics.safeParse(run).success).toBe(true);
  });
});
