/**
 * `npm run bench:mf`: the recommender's numbers.
 *
 *   npm run bench:mf                          MovieLens protocol (popularity + iALS variants) and cold start
 *   npm run bench:mf -- --only defaults,tfjs  only the variants whose name contains one of these
 *   npm run bench:mf -- --tune                hyper-parameter search on a validation split of TRAIN
 *   npm run bench:mf -- --synthetic-large     1M items / 10M events (also `npm run bench:mf:large`;
 *                                             `--session-gap S` overrides MfConfig.sessionGap)
 *   npm run bench:mf -- --cold-only [--seeds 1,2,3]   only the cold-start comparison
 *   npm run bench:mf -- --visits-only           only the new-visitor comparison (mf-visits.ts)
 *   … --no-write-docs                         print only; do not update docs/benchmarks.md
 *
 * MovieLens is read from ../shared/data/ml-latest-small when present (a message says when not).
 */

import { loadavg } from 'node:os';
import { MfConfig } from '#shared/schemas';
import type { InteractionSet } from '../src/data/interactions.ts';
import { catalogueFeatures } from '../src/models/mf/features.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { writeSection } from './docs-section.ts';
import { type ColdResult, coldSection, coldStart, movieGenres } from './mf-cold.ts';
import { genreProfileScorer, popularityScorer, ridgeScorer, towerScorer } from './mf-cold-scorers.ts';
import { largeBench } from './mf-large.ts';
import { loadMovieLens, MOVIELENS_DIR, movielensBench } from './mf-movielens.ts';
import { tuneBench } from './mf-tune.ts';
import { visitRows, visitSection } from './mf-visits.ts';

const flag = (name: string) => process.argv.includes(`--${name}`);
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const writeDocs = !flag('no-write-docs');
const save = async (name: string, markdown: string) => {
  console.log(`\n${markdown}\n`);
  if (writeDocs) await writeSection(name, markdown);
};

async function main(): Promise<void> {
  if (flag('synthetic-large')) {
    const scale = {
      items: Number(arg('items') ?? 1_000_000),
      users: Number(arg('users') ?? 100_000),
      events: Number(arg('events') ?? 10_000_000),
    };
    const gap = arg('session-gap');
    const mf = gap === undefined ? {} : { sessionGap: Number(gap) };
    await save('mf-large', await largeBench(scale, flag('with-eval'), mf));
    return;
  }
  const ratings = loadMovieLens();
  if (flag('tune')) {
    if (!ratings) return;
    const { markdown, best } = await tuneBench(ratings);
    await save('mf-tune', markdown);
    const d = MfConfig.parse({});
    console.log('best:', JSON.stringify(best), '\ncurrent defaults:', JSON.stringify(d));
    return;
  }
  if (flag('visits-only')) {
    const shop = await generateStorefront({ seed: 3, items: 5000, users: 3000, events: 300_000 });
    await save('mf-visits', await visitsBench(ratings, shop.interactions));
    return;
  }
  if (ratings && !flag('cold-only'))
    await save('mf-movielens', await movielensBench(ratings, arg('only')?.split(',')));
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number);
  const scorers = [ridgeScorer, towerScorer(), genreProfileScorer, popularityScorer];
  const cold: ColdResult[] = [];
  if (ratings) {
    const genres = movieGenres(MOVIELENS_DIR, ratings.itemIds);
    if (genres) cold.push(...(await coldStart('MovieLens (genres)', ratings, genres, seeds, scorers)));
  }
  const shop = await generateStorefront({ seed: 3, items: 5000, users: 3000, events: 300_000 });
  const shopFeatures = catalogueFeatures(shop.catalogue, shop.interactions.itemIds);
  cold.push(
    ...(await coldStart(
      'synthetic store 5k items / 300k events',
      shop.interactions,
      shopFeatures,
      seeds,
      scorers,
    )),
  );
  await save('mf-cold', coldSection(cold, seeds, load));
  await save('mf-visits', await visitsBench(ratings, shop.interactions));
}

/** The new-visitor table (mf-visits.ts) on MovieLens (when present) and the synthetic store. */
async function visitsBench(ratings: InteractionSet | null, shop: InteractionSet): Promise<string> {
  const rows = [
    ...(ratings ? await visitRows('MovieLens ml-latest-small', ratings) : []),
    ...(await visitRows('synthetic store 5k items / 300k events', shop)),
  ];
  return visitSection(rows);
}

await main();
