/**
 * `npm run bench:index`: IVF index quality and cost.
 *
 *   npm run bench:index                        synthetic 100k and 1M (64-d) and MovieLens MF embeddings
 *   npm run bench:index -- --only 100k,movielens   a subset (100k, 1m, movielens)
 *   … --no-write-docs                          print only; do not update docs/benchmarks.md
 *
 * Synthetic data: `clusteredVectors` (one cluster per 200 items, noise 0.6 of the centre norm,
 * log-normal norms σ = 0.25), queries drawn from the same mixture. MovieLens: iALS (MfConfig
 * defaults, 64 factors) trained on all of ../shared/data/ml-latest-small, items indexed and every
 * user vector used as a query — when that folder is present (a message says when not).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MfConfig } from '#shared/schemas';
import { parseMovieLensRatings } from '../src/data/interactions-csv.ts';
import { clusteredVectors } from '../src/index/clustered.ts';
import { trainIals } from '../src/models/mf/ials.ts';
import { writeSection } from './docs-section.ts';
import { type Dataset, type DatasetResult, measureDataset } from './index-measure.ts';
import { renderDataset, renderHeader, sectionName } from './index-report.ts';

const MOVIELENS_DIR = '../shared/data/ml-latest-small';
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = arg('only')?.split(',');
const wanted = (name: string) => only === undefined || only.includes(name);
const log = (s: string) => console.error(s);

function synthetic(rows: number, queries: number): Dataset {
  const mixture = { rows, dim: 64, clusters: Math.round(rows / 200), spread: 0.6, seed: 7 };
  return {
    name: `synthetic ${rows >= 1e6 ? `${rows / 1e6}M` : `${rows / 1e3}k`} × 64`,
    items: clusteredVectors(mixture, 'items'),
    ids: Array.from({ length: rows }, (_, i) => `sku-${i}`),
    queries: clusteredVectors({ ...mixture, rows: queries }, 'queries'),
  };
}

async function movielens(): Promise<Dataset | null> {
  const path = join(MOVIELENS_DIR, 'ratings.csv');
  if (!existsSync(path)) {
    log(`MovieLens not found at ${path}: skipping the MF-embedding dataset`);
    return null;
  }
  const { data } = parseMovieLensRatings(readFileSync(path));
  log(`[movielens] training iALS on ${data.length} ratings…`);
  const model = await trainIals(data, MfConfig.parse({}));
  const dim = model.dim;
  return {
    name: `MovieLens ml-latest-small iALS ${dim}-d`,
    items: { data: model.itemFactors, rows: data.itemIds.length, dim },
    ids: data.itemIds,
    queries: { data: model.userFactors, rows: data.userIds.length, dim },
  };
}

async function main(): Promise<void> {
  const results: DatasetResult[] = [];
  const started = performance.now();
  if (wanted('movielens')) {
    const ml = await movielens();
    if (ml) results.push(await measureDataset(ml, { maxProbe: 64, variants: true, log }));
  }
  if (wanted('100k'))
    results.push(await measureDataset(synthetic(100_000, 500), { maxProbe: 64, variants: true, log }));
  if (wanted('1m'))
    results.push(await measureDataset(synthetic(1_000_000, 100), { maxProbe: 128, variants: false, log }));
  const write = !process.argv.includes('--no-write-docs');
  console.log(renderHeader());
  if (write) await writeSection('index', renderHeader());
  for (const r of results) {
    const md = renderDataset(r);
    console.log(`\n${md}`);
    if (write) await writeSection(sectionName(r), md);
  }
  log(`bench:index done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
