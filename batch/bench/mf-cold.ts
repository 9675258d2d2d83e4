/**
 * Cold-start part of `npm run bench:mf`: how well do features alone rank items nobody has
 * touched yet?
 *
 * Protocol (same on both data sets), per seed: 10% of the items with ≥ 5 interactions (seeded)
 * lose ALL their interactions ("cold items"); iALS (defaults, the seed) trains on the rest. Each
 * scorer (mf-cold-scorers.ts: ridge map, towers, genre profile, popularity) then scores every cold
 * item for every user from features only, and per user with ≥ 1 cold positive we measure, over the
 * cold items only:
 * - cold AUC: the probability that a positive cold item outranks a negative one (ties count ½);
 * - cold nDCG@10: the top 10 of the cold items against the user's cold positives.
 * Reported as the mean over seeds ± the sample standard deviation across seeds.
 * Data: MovieLens with genre flags (movies.csv) when present, and a synthetic store (category,
 * brand, price band) from the project's generator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRng } from '#shared/random';
import { MfConfig } from '#shared/schemas';
import { type InteractionSet, subset, toCsr } from '../src/data/interactions.ts';
import { userMetrics } from '../src/eval/metrics.ts';
import type { SparseFeatures } from '../src/models/mf/features.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import type { ColdScores, ColdSplit, Scorer } from './mf-cold-scorers.ts';
import { MACHINE, type Row, table, today } from './mf-report.ts';

/** One scorer on one data set, over seeds. */
export interface ColdResult {
  data: string;
  scorer: string;
  coldItems: number;
  users: number;
  auc: number[];
  ndcg: number[];
  seconds: number[];
  note: string;
}

/** Features of ML items from movies.csv genres (`genre=Comedy`, …), aligned to `itemIds`. */
export function movieGenres(dir: string, itemIds: readonly string[]): SparseFeatures | null {
  const path = `${dir}/movies.csv`;
  if (!existsSync(path)) return null;
  const genres = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const m = /^(\d+),.*,([^,]*)$/.exec(line.trim());
    if (m)
      genres.set(
        m[1]!,
        m[2]!.split('|').filter((g) => g !== '(no genres listed)'),
      );
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  const indptr = new Int32Array(itemIds.length + 1);
  const indices: number[] = [];
  itemIds.forEach((id, i) => {
    for (const g of genres.get(id) ?? []) {
      const name = `genre=${g}`;
      if (!index.has(name)) index.set(name, names.push(name) - 1);
      indices.push(index.get(name)!);
    }
    indptr[i + 1] = indices.length;
  });
  return { names, indptr, indices: Int32Array.from(indices) };
}

/**
 * The cold split of `set` for `seed`, with iALS trained on its warm part.
 *
 * @example
 * const split = await coldSplit(ratings, movieGenres(dir, ratings.itemIds)!, 1);
 */
export async function coldSplit(
  set: InteractionSet,
  features: SparseFeatures,
  seed: number,
): Promise<ColdSplit> {
  const byItem = toCsr(set, 'item');
  const rng = createRng(1000 + seed);
  const isCold = new Uint8Array(set.itemIds.length);
  for (let i = 0; i < set.itemIds.length; i++) {
    if (byItem.indptr[i + 1]! - byItem.indptr[i]! >= 5 && rng.next() < 0.1) isCold[i] = 1;
  }
  const warm = subset(
    set,
    Uint8Array.from(set.items, (i) => 1 - isCold[i]!),
  );
  const model = await trainIals(warm, MfConfig.parse({ seed }));
  const cold = Int32Array.from(Array.from(isCold.keys()).filter((i) => isCold[i]));
  return { set, features, isCold, cold, warm, model, seed };
}

/**
 * Mean cold AUC and nDCG@10 of `scores` over users with at least one (and not only) cold positives.
 *
 * @example
 * const { auc, ndcg } = coldMetrics(split, (await ridgeScorer.score(split)).scores);
 */
export function coldMetrics(
  split: ColdSplit,
  scores: ColdScores,
): { auc: number; ndcg: number; users: number } {
  const n = split.cold.length;
  const column = new Map(Array.from(split.cold, (i, c) => [i, c]));
  const byUser = toCsr(split.set, 'user');
  let auc = 0;
  let ndcg = 0;
  let users = 0;
  for (let u = 0; u < split.set.userIds.length; u++) {
    const pos = new Set<number>();
    for (let p = byUser.indptr[u]!; p < byUser.indptr[u + 1]!; p++) {
      const c = column.get(byUser.indices[p]!);
      if (c !== undefined) pos.add(c);
    }
    if (pos.size === 0 || pos.size === n) continue;
    const row = scores.subarray(u * n, (u + 1) * n);
    const order = Array.from({ length: n }, (_, c) => c).sort((a, b) => row[b]! - row[a]! || a - b);
    ndcg += userMetrics(order, (c) => pos.has(c), pos.size, 10).ndcg;
    auc += rankAuc(row, pos);
    users++;
  }
  return { auc: auc / users, ndcg: ndcg / users, users };
}

/** AUC by the rank-sum formula with mid-ranks for ties. */
function rankAuc(row: Float32Array, pos: Set<number>): number {
  const order = Array.from(row.keys()).sort((a, b) => row[a]! - row[b]!);
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && row[order[end + 1]!] === row[order[start]!]) end++;
    const mid = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (pos.has(order[k]!)) rankSum += mid;
    start = end + 1;
  }
  const p = pos.size;
  return (rankSum - (p * (p + 1)) / 2) / (p * (row.length - p));
}

/**
 * Runs every scorer on `seeds` cold splits of one data set.
 *
 * @example
 * const results = await coldStart('MovieLens', ratings, genres, [1, 2, 3], scorers);
 */
export async function coldStart(
  label: string,
  set: InteractionSet,
  features: SparseFeatures,
  seeds: number[],
  scorers: Scorer[],
): Promise<ColdResult[]> {
  const results = scorers.map(
    (s): ColdResult => ({
      data: label,
      scorer: s.name,
      coldItems: 0,
      users: 0,
      auc: [],
      ndcg: [],
      seconds: [],
      note: '',
    }),
  );
  for (const seed of seeds) {
    const split = await coldSplit(set, features, seed);
    for (const [k, scorer] of scorers.entries()) {
      const { scores, seconds, note } = await scorer.score(split);
      const m = coldMetrics(split, scores);
      const r = results[k]!;
      Object.assign(r, { coldItems: split.cold.length, users: m.users, note: note ?? r.note });
      r.auc.push(m.auc);
      r.ndcg.push(m.ndcg);
      r.seconds.push(seconds);
      console.log(JSON.stringify({ data: label, seed, scorer: scorer.name, ...m, seconds, note }));
    }
  }
  return results;
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const sdOf = (xs: number[]) =>
  xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - meanOf(xs)) ** 2, 0) / (xs.length - 1));
const pm = (xs: number[]) => `${meanOf(xs).toFixed(3)} ± ${sdOf(xs).toFixed(3)}`;

/** The markdown section for the cold-start results. */
export function coldSection(results: ColdResult[], seeds: number[], load: string): string {
  const rows: Row[] = results.map((r) => ({
    data: r.data,
    scorer: r.scorer,
    'cold AUC': pm(r.auc),
    'cold nDCG@10': pm(r.ndcg),
    'train s': meanOf(r.seconds).toFixed(1),
    'cold items': r.coldItems,
    users: r.users,
  }));
  return [
    '## Cold start: held-out cold items ranked from features alone (ridge map, towers, baselines)',
    '',
    'Command: `npm run bench:mf`. Protocol (batch/bench/mf-cold.ts): per seed, 10% of the items with ≥ 5',
    'interactions lose ALL of them (cold items); iALS (defaults) trains on the rest; every scorer ranks',
    'all cold items for each user from features only (batch/bench/mf-cold-scorers.ts). Metrics over the',
    'cold items only, averaged over users with a cold positive: AUC (0.5 = chance) and nDCG@10.',
    `Mean ± standard deviation over seeds ${seeds.join(', ')} (the seed picks the cold items and seeds iALS and`,
    'the tower). Features: MovieLens genre flags (movies.csv); synthetic store category path, brand, price band.',
    '"popularity" scores a cold item by the mean training popularity of warm items sharing each feature.',
    `Machine: ${MACHINE}. Date: ${today()}. Load average at start: ${load}.`,
    '',
    table(rows, Object.keys(rows[0] ?? { data: '' })),
  ].join('\n');
}
