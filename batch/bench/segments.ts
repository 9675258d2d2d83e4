/**
 * `npm run bench:segments`: segment (user-group) cold start against popularity on held-out new
 * users of the synthetic store with request context (synthetic/context.ts). A fifth of the user
 * rows (shoppers and anonymous sessions, by hash of the id) never reach training; every session
 * of theirs is one case: from its context alone (no history, no items), rank 10 items and score
 * them against the session's distinct items (nDCG@10, recall@10).
 *
 *   npm run bench:segments [-- --seed 1 --events 120000 --no-write-docs]
 */
import { loadavg } from 'node:os';
import { MfConfig, type SegmentContext, type SegmentTable, segmentKeys } from '#shared/schemas';
import { fnv1a32 } from '#shared/sharding';
import { subset } from '../src/data/interactions.ts';
import { rankingMetrics } from '../src/eval/metrics.ts';
import { topKItems } from '../src/eval/topk.ts';
import { trainedFoldInParams, trainIals } from '../src/models/mf/index.ts';
import {
  learnSegments,
  lookupSegment,
  type SegmentModel,
  type SegmentSession,
} from '../src/segments/learn.ts';
import { learnTowerSegments } from '../src/segments/tower.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { writeSection } from './docs-section.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const K = 10;
const MIN_USERS = 20;
const TOWER_MIN_USERS = 5;

interface Case extends SegmentSession {
  heldOut: boolean;
}

/** Sessions of the generated store with their context and items. */
async function store(seed: number, events: number) {
  const shop = await generateStorefront({ seed, items: 2000, users: 1500, events, days: 14, context: true });
  const { interactions: set, contexts } = shop;
  if (contexts === undefined) throw new Error('the store has no contexts');
  const heldOutUser = (u: number) => fnv1a32(`new-user:${set.userIds[u]}`) % 5 === 0;
  const cases: Case[] = contexts.sessions.map((c) => ({
    user: -1,
    context: toContext(c),
    items: new Map(),
    heldOut: false,
  }));
  for (let r = 0; r < set.length; r++) {
    const c = cases[contexts.rowSession[r] as number] as Case;
    c.user = set.users[r] as number;
    c.heldOut = heldOutUser(c.user);
    const items = c.items as Map<number, number>;
    items.set(set.items[r] as number, (items.get(set.items[r] as number) ?? 0) + (set.weights[r] as number));
  }
  const mask = Uint8Array.from({ length: set.length }, (_, r) =>
    heldOutUser(set.users[r] as number) ? 0 : 1,
  );
  return { set, train: subset(set, mask), cases };
}

function toContext(c: {
  country: string;
  device: string;
  referrerDomain: string;
  landingCategory: string | undefined;
}): SegmentContext {
  return {
    country: c.country,
    device: c.device as SegmentContext['device'],
    referrer: c.referrerDomain,
    ...(c.landingCategory === undefined ? {} : { landing: c.landingCategory }),
  };
}

/** Items ranked by distinct training sessions, per segment key (and globally under ''). */
function popularity(cases: readonly Case[], items: number) {
  const counts = new Map<string, Float64Array>();
  const bump = (key: string, item: number) => {
    const c = counts.get(key) ?? new Float64Array(items);
    counts.set(key, c);
    c[item]!++;
  };
  for (const c of cases)
    if (!c.heldOut)
      for (const item of c.items.keys()) for (const key of ['', ...segmentKeys(c.context)]) bump(key, item);
  return counts;
}

const ranked = (scores: Float64Array | Float32Array) => Array.from(topKItems(Float32Array.from(scores), K));

function score(model: SegmentModel, vector: readonly number[]): Float32Array {
  const n = model.itemFactors.length / model.dim;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < model.dim; d++) s += model.itemFactors[i * model.dim + d]! * vector[d]!;
    out[i] = s;
  }
  return out;
}

const TOWER_ALL = `user_tower (≥ ${TOWER_MIN_USERS} users)`;

/**
 * The user tower's segment vectors (segments/tower.ts; item factors fixed), published three ways:
 * for the groups fold_in publishes, for every group with ≥ TOWER_MIN_USERS users, and only where
 * fold_in has no vector (groups of TOWER_MIN_USERS to MIN_USERS − 1 users).
 */
async function towerTables(trainCases: SegmentSession[], model: SegmentModel, foldIn: SegmentTable) {
  const tower = await learnTowerSegments(trainCases, model, { minUsers: TOWER_MIN_USERS });
  const common = new Set(foldIn.segments.map((s) => s.key));
  return {
    // Is it the tower or only the lower support? The fold-in at the tower's threshold.
    [`fold_in (≥ ${TOWER_MIN_USERS} users)`]: learnSegments(trainCases, model, {
      method: 'fold_in',
      minUsers: TOWER_MIN_USERS,
    }),
    [`user_tower (≥ ${MIN_USERS} users)`]: {
      ...tower,
      segments: tower.segments.filter((s) => s.users >= MIN_USERS),
    },
    [TOWER_ALL]: tower,
    [`fold_in, user_tower for groups of ${TOWER_MIN_USERS}–${MIN_USERS - 1} users`]: {
      ...foldIn,
      segments: [...foldIn.segments, ...tower.segments.filter((s) => !common.has(s.key))],
    },
  } as Record<string, SegmentTable>;
}

async function main(): Promise<void> {
  const seed = arg('seed', 1);
  const started = Date.now();
  const events = arg('events', 120_000);
  const { set, train, cases } = await store(seed, events);
  const config = MfConfig.parse({ factors: 32, iterations: 8, compute: 'js', threads: 1 });
  const ials = await trainIals(train, config);
  const numItems = set.itemIds.length;
  const model: SegmentModel = {
    dim: ials.dim,
    userFactors: ials.userFactors,
    itemFactors: ials.itemFactors,
    foldIn: trainedFoldInParams(config, ials, numItems),
  };
  const trainCases = cases.filter((c) => !c.heldOut);
  const foldIn = learnSegments(trainCases, model, { method: 'fold_in', minUsers: MIN_USERS });
  const tables: Record<string, SegmentTable> = {
    mean_factor: learnSegments(trainCases, model, { method: 'mean_factor', minUsers: MIN_USERS }),
    fold_in: foldIn,
    ...(await towerTables(trainCases, model, foldIn)),
  };
  const pop = popularity(cases, numItems);
  const published = new Set(foldIn.segments.map((s) => s.key));
  const global = ranked(pop.get('') as Float64Array);
  const sums: Record<string, { ndcg: number; recall: number }> = {};
  const add = (name: string, list: number[], relevant: Iterable<number>) => {
    const m = rankingMetrics(list, relevant, K);
    const s = sums[name] ?? { ndcg: 0, recall: 0 };
    sums[name] = s;
    s.ndcg += m.ndcg;
    s.recall += m.recall;
  };
  const test = cases.filter((c) => c.heldOut && c.items.size > 0);
  let hits = 0;
  for (const c of test) {
    const relevant = Array.from(c.items.keys());
    add('popularity (global)', global, relevant);
    const key = segmentKeys(c.context).find((k) => published.has(k));
    if (key !== undefined) hits++;
    add('segment popularity', key === undefined ? global : ranked(pop.get(key) as Float64Array), relevant);
    for (const [name, table] of Object.entries(tables)) {
      const hit = lookupSegment(table, c.context);
      add(`segment vector: ${name}`, hit === undefined ? global : ranked(score(model, hit.vector)), relevant);
    }
  }
  const rows = Object.entries(sums).map(
    ([name, s]) =>
      `| ${name} | ${(s.ndcg / test.length).toFixed(4)} | ${(s.recall / test.length).toFixed(4)} |`,
  );
  const markdown = [
    '### Segment cold start (new users, context only)',
    '',
    `Command: \`npm run bench:segments -- --seed ${seed}${events === 120_000 ? '' : ` --events ${events}`}\` · data: synthetic store with request context (seed ${seed}, 2 000 items, 1 500 shoppers, ${set.length} events over 14 days; context effects in batch/src/synthetic/context.ts) · iALS 32 factors, 8 sweeps on the users not held out · held out: a fifth of the user rows by hash of the id, ${test.length} of their sessions scored from their context alone (${((100 * hits) / test.length).toFixed(1)} % found a published segment with ≥ ${MIN_USERS} training users, ${foldIn.segments.length} segments published; the user tower's table has ${tables[TOWER_ALL]?.segments.length} with ≥ ${TOWER_MIN_USERS} users) · machine: 2 cores, no GPU · ${new Date().toISOString().slice(0, 10)} · load ${loadavg()[0]?.toFixed(2)} · ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
    '| predictor | nDCG@10 | recall@10 |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
  console.log(markdown);
  if (!process.argv.includes('--no-write-docs')) await writeSection('segments', markdown);
}

await main();
