/**
 * New-visitor part of `npm run bench:mf` (`--visits-only` runs it alone): what the edge does for a
 * stranger — fold the first items of their visit into a vector (fold-in.ts, the same closed form
 * the Worker runs) and rank the catalogue — scored on the rest of that visit.
 *
 * Protocol: a fifth of the users (by a hash of the user index) are strangers, none of their
 * rows in training; their timed rows split into visits at gaps over 30 minutes (web analytics'
 * usual session cut, independent of `MfConfig.sessionGap`); every visit with ≥ 3 distinct items
 * is one query: its first 2 distinct items (by time) are folded in, those 2 are excluded, the
 * remaining items of the visit are relevant; nDCG@10 and recall@10 averaged over visits.
 * "popularity" ranks by training interaction count (the edge's answer without a model).
 * Each config is the defaults with one change, trained on the same rows.
 */
import { MfConfig } from '#shared/schemas';
import { type InteractionSet, subset, toCsr } from '../src/data/interactions.ts';
import { rankingMetrics } from '../src/eval/metrics.ts';
import { topKItems } from '../src/eval/topk.ts';
import { foldInItems } from '../src/models/mf/fold-in.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { trainedFoldInParams } from '../src/models/mf/model.ts';
import { f4, MACHINE, type Row, table, today } from './mf-report.ts';

const VISIT_GAP_MS = 30 * 60_000;
const FOLDED = 2;
const K = 10;

/** The variants compared: today's defaults, without session rows, and the defaults before them. */
export const VISIT_CONFIGS: { name: string; config: Partial<MfConfig> }[] = [
  { name: 'iALS defaults (session rows)', config: {} },
  { name: 'iALS without session rows (sessionGap 0)', config: { sessionGap: 0 } },
  {
    name: 'previous defaults (α0 0.16, γ 0.25, no session rows)',
    config: { sessionGap: 0, unobservedWeight: 0.16, activityExponent: 0.25 },
  },
];

const isStranger = (u: number) => Math.imul(u, 2654435761) >>> 0 < 0x33333333; // a fifth

/** Distinct items of each stranger's visits with ≥ FOLDED + 1 of them, in time order. */
function strangerVisits(set: InteractionSet): number[][] {
  const ts = set.timestamps;
  if (!ts) return [];
  const rowsOf = new Map<number, number[]>();
  for (let r = 0; r < set.length; r++) {
    const u = set.users[r]!;
    if (!isStranger(u) || Number.isNaN(ts[r]!)) continue;
    const rows = rowsOf.get(u);
    if (rows) rows.push(r);
    else rowsOf.set(u, [r]);
  }
  const visits: number[][] = [];
  for (const rows of rowsOf.values()) {
    rows.sort((a, b) => ts[a]! - ts[b]!);
    let items: number[] = [];
    const close = () => {
      if (items.length > FOLDED) visits.push(items);
      items = [];
    };
    for (let p = 0; p < rows.length; p++) {
      if (p > 0 && ts[rows[p]!]! - ts[rows[p - 1]!]! > VISIT_GAP_MS) close();
      const item = set.items[rows[p]!]!;
      if (!items.includes(item)) items.push(item);
    }
    close();
  }
  return visits;
}

/** Mean nDCG@10 and recall@10 over visits of a scorer given the folded items. */
function score(visits: number[][], numItems: number, scores: (folded: number[]) => Float32Array) {
  let ndcg = 0;
  let recall = 0;
  for (const visit of visits) {
    const folded = visit.slice(0, FOLDED);
    const s = scores(folded);
    for (const i of folded) s[i] = Number.NEGATIVE_INFINITY;
    const m = rankingMetrics(topKItems(s, K, 0, numItems), visit.slice(FOLDED), K);
    ndcg += m.ndcg;
    recall += m.recall;
  }
  return { ndcg: ndcg / visits.length, recall: recall / visits.length };
}

/**
 * Rows of the new-visitor table for one dataset.
 *
 * @example
 * const rows = await visitRows('MovieLens', ratings);
 */
export async function visitRows(data: string, set: InteractionSet): Promise<Row[]> {
  const visits = strangerVisits(set);
  if (visits.length === 0) return [];
  const train = subset(
    set,
    Uint8Array.from(set.users, (u) => (isStranger(u) ? 0 : 1)),
  );
  const numItems = set.itemIds.length;
  const counts = toCsr(train, 'item').indptr;
  const popular = Float32Array.from({ length: numItems }, (_, i) => counts[i + 1]! - counts[i]!);
  const base = { data, visits: visits.length };
  const pop = score(visits, numItems, () => Float32Array.from(popular));
  const rows: Row[] = [
    { ...base, model: 'popularity', 'nDCG@10': f4(pop.ndcg), 'recall@10': f4(pop.recall) },
  ];
  for (const variant of VISIT_CONFIGS) {
    const config = MfConfig.parse({ compute: 'wasm', ...variant.config });
    const model = await trainIals(train, config);
    const dim = config.factors;
    const params = trainedFoldInParams(config, model, numItems);
    const m = score(visits, numItems, (folded) => {
      const x = foldInItems(params, model.itemFactors, folded);
      const s = new Float32Array(numItems);
      for (let i = 0; i < numItems; i++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += x[d]! * model.itemFactors[i * dim + d]!;
        s[i] = dot;
      }
      return s;
    });
    rows.push({ ...base, model: variant.name, 'nDCG@10': f4(m.ndcg), 'recall@10': f4(m.recall) });
    console.log(JSON.stringify(rows.at(-1)));
  }
  return rows;
}

/** The docs section from every dataset's rows. */
export function visitSection(rows: Row[]): string {
  return [
    '## New visitors: a visit folded in from its first items (session rows, #17)',
    '',
    'Command: `npm run bench:mf` (or `npm run bench:mf -- --visits-only`). Protocol (batch/bench/mf-visits.ts): a',
    'fifth of the users (hash of the index) are strangers, none of their rows in training; their visits (30-minute',
    `gaps, ≥ ${FOLDED + 1} distinct items) are queries: the first ${FOLDED} items folded in as the edge does, the rest`,
    'relevant, those 2 excluded. Data: MovieLens ml-latest-small (read from ../shared; rating bursts as visits)',
    'and the synthetic store (seed 3, 5k items, 300k events). Model: MfConfig defaults with one change per row.',
    `Machine: ${MACHINE}. Date: ${today()}.`,
    '',
    table(rows, ['data', 'model', 'nDCG@10', 'recall@10', 'visits']),
  ].join('\n');
}
