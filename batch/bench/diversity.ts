/**
 * `npm run bench:diversity`: what `diversity` (MMR) and `maxPerCategory` cost in accuracy and
 * buy in diversity and coverage, with the reranker the edge serves (shared/src/scoring).
 *
 *   npm run bench:diversity                    both data sets; writes its section of docs/benchmarks.md
 *   npm run bench:diversity -- --no-write-docs print only
 *
 * Data: MovieLens ml-latest-small, read from ../shared/data/ml-latest-small when present (a
 * message says when it is absent; never copied), category = the movie's first listed genre;
 * and the project's synthetic store (seed 3, 5k items, 3k shoppers, 300k events), category =
 * the item's leaf category. Protocol: 75/25 stratified split per item (seed 42, as bench:mf),
 * iALS with the default config trained on TRAIN, every test user's list of 10.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { MfConfig } from '#shared/schemas';
import type { InteractionSet } from '../src/data/interactions.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { K, measureSettings, type Setting, type SettingResult } from './diversity-measure.ts';
import { writeSection } from './docs-section.ts';
import { loadMovieLens, MOVIELENS_DIR } from './mf-movielens.ts';
import { type Row, table, today } from './mf-report.ts';

const SETTINGS: Setting[] = [
  { diversity: 0 },
  { diversity: 0.25 },
  { diversity: 0.5 },
  { diversity: 0.75 },
  { diversity: 0, maxPerCategory: 3 },
  { diversity: 0.5, maxPerCategory: 3 },
];

/** First listed genre of each movie id (movies.csv), aligned to `itemIds`. */
function firstGenres(itemIds: readonly string[]): (string | undefined)[] {
  const genre = new Map<string, string>();
  for (const line of readFileSync(`${MOVIELENS_DIR}/movies.csv`, 'utf8').split('\n').slice(1)) {
    const m = /^(\d+),.*,([^,]*)$/.exec(line.trim());
    const first = m?.[2]?.split('|')[0];
    if (m && first && first !== '(no genres listed)') genre.set(m[1]!, first);
  }
  return itemIds.map((id) => genre.get(id));
}

async function run(label: string, set: InteractionSet, category: (string | undefined)[]): Promise<Row[]> {
  const t0 = performance.now();
  const { train, test } = stratifiedSplit(set, { ratio: 0.75, by: 'item', seed: 42 });
  const model = await trainIals(train, MfConfig.parse({}));
  const data = {
    train,
    test,
    dim: model.dim,
    userFactors: model.userFactors,
    itemFactors: model.itemFactors,
    category,
  };
  const t1 = performance.now();
  const results = measureSettings(data, SETTINGS);
  const t2 = performance.now();
  console.log(
    `${label}: train ${((t1 - t0) / 1000).toFixed(1)} s, rerank+metrics ${((t2 - t1) / 1000).toFixed(1)} s`,
  );
  return results.map((r) => row(label, r));
}

function row(data: string, r: SettingResult): Row {
  return {
    data,
    diversity: r.diversity.toFixed(2),
    maxPerCategory: r.maxPerCategory ?? '–',
    'nDCG@10': r.ndcg.toFixed(4),
    'ILD (1−cos)': r.ildCosine.toFixed(3),
    'ILD (category)': r.ildCategory.toFixed(3),
    coverage: `${(100 * r.coverage).toFixed(1)}%`,
    'mean length': r.length.toFixed(2),
  };
}

async function main(): Promise<void> {
  const load = loadavg().map((x) => x.toFixed(2));
  const rows: Row[] = [];
  const ratings = loadMovieLens();
  if (ratings) rows.push(...(await run('ml-latest-small', ratings, firstGenres(ratings.itemIds))));
  const shop = await generateStorefront({ seed: 3, items: 5000, users: 3000, events: 300_000 });
  const leaf = new Map(
    shop.catalogue.ids.map((id, r) => [id, shop.catalogue.categories.ids[shop.catalogue.category[r]!]]),
  );
  const synthetic = shop.interactions;
  rows.push(
    ...(await run(
      'synthetic store',
      synthetic,
      synthetic.itemIds.map((id) => leaf.get(id)),
    )),
  );
  const cols = [
    'data',
    'diversity',
    'maxPerCategory',
    'nDCG@10',
    'ILD (1−cos)',
    'ILD (category)',
    'coverage',
    'mean length',
  ];
  const markdown = [
    '## Diversity (MMR) and maxPerCategory: accuracy vs diversity vs coverage',
    '',
    'Command: `npm run bench:diversity`. Reranker: `diversify` in shared/src/scoring/diversity.ts (the',
    `one the edge runs), over the exact top ${K}·4 candidates per user (the edge's pool for a rerank),`,
    'train items removed. Data: MovieLens ml-latest-small from `../shared/data/ml-latest-small`',
    `(${ratings ? 'present' : 'ABSENT on this run: only the synthetic rows below'}; category = first listed genre)`,
    'and the synthetic store (seed 3, 5k items, 3k shoppers, 300k events; category = leaf category).',
    'Protocol: 75/25 stratified split per item, seed 42; iALS defaults trained on TRAIN; k = 10.',
    'ILD (1−cos): mean over a list’s pairs of 1 − cosine of the item vectors; ILD (category): share of',
    'pairs in different categories; coverage: distinct items recommended to any test user / all items.',
    `Machine: 2 cores, no GPU, ${cpus().length} CPUs visible, Node ${process.versions.node} (shared with`,
    `other engineers). Date: ${today()}. Load average at start: ${load.join(' / ')}.`,
    '',
    table(rows, cols),
  ].join('\n');
  console.log(`\n${markdown}\n`);
  if (!process.argv.includes('--no-write-docs')) await writeSection('diversity', markdown);
}

await main();
