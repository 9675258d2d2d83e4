/**
 * `npm run bench:pipeline -- --items 1000000 --events 10000000`: one nightly retrain end to end on
 * this machine, stage by stage — generate (the synthetic shop written as the edge writes it:
 * NDJSON event partitions and a catalogue) → compact (NDJSON → Parquet, validated) → load events (DuckDB
 * aggregates the interaction matrix) → load catalogue → train (iALS on all events) → evaluate (iALS
 * on a 75/25 split, 2,000 sampled users beside popularity) → index + publish (quality gate, IVF
 * index into a publish session, manifest, pointer flip; blob writes timed apart as "publish").
 * Each stage's wall and CPU time, peak RSS and backend go to docs/benchmarks.md (section
 * `pipeline-<items>`), so runs at several scales sit side by side.
 *
 * Flags: --items N --events N [--users N (items/10)] [--iterations N] [--eval-users 2000]
 *        [--dir var/bench-pipeline] [--reuse (keep a generated shop)] [--no-write-docs]
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EvalConfig, IndexConfig, MfConfig, PublishConfig } from '#shared/schemas';
import { compactEvents } from '../src/data/parquet/compact.ts';
import { evaluateAll, splitFor, trainWithProgress } from '../src/jobs/fit.ts';
import { loadCatalogueUri } from '../src/jobs/inputs.ts';
import { loadTrainingInputs, type TrainingInputs, trainRun } from '../src/jobs/train-mf.ts';
import { MfRecommender } from '../src/models/mf/recommender.ts';
import { quietContext } from '../src/observe/index.ts';
import { publishModel } from '../src/pipeline/publish-model.ts';
import { openStore } from '../src/storage/open.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { writeSection } from './docs-section.ts';
import { MACHINE, type Row, table, today } from './mf-report.ts';
import { loadAverage, stage, TimedStore } from './pipeline-measure.ts';

const { values: flags } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    events: { type: 'string', default: '1000000' },
    users: { type: 'string' },
    iterations: { type: 'string' },
    'eval-users': { type: 'string', default: '2000' },
    dir: { type: 'string', default: 'var/bench-pipeline' },
    reuse: { type: 'boolean', default: false },
    'no-write-docs': { type: 'boolean', default: false },
  },
});
const items = Number(flags.items);
const events = Number(flags.events);
const users = Number(flags.users ?? Math.max(100, Math.round(items / 10)));
const evalUsers = Number(flags['eval-users']);
const dir = resolve(flags.dir, `${items}-${events}`);
const shopUri = `file://${join(dir, 'shop')}`;
const storeUri = `file://${join(dir, 'store')}`;
const ctx = quietContext('warn');
const mf = MfConfig.parse(flags.iterations ? { iterations: flags.iterations } : {});
const evalConfig = EvalConfig.parse({});
const rows: Row[] = [];
const loadBefore = await loadAverage();
const started = performance.now();

if (!flags.reuse || !existsSync(join(dir, 'shop'))) {
  await rm(dir, { recursive: true, force: true });
  await stage(rows, 'generate', async () => {
    const shop = await generateStorefront({ seed: 1, items, users, events }, { store: shopUri });
    const w = shop.stats.written!;
    const detail = `${shop.stats.events} events in ${w.eventFiles} NDJSON files (${mib(w.eventBytes)} MiB), ${items} items`;
    return { value: null, backend: 'js', detail };
  });
} else {
  await rm(join(dir, 'shop', 'events-parquet'), { recursive: true, force: true });
  await rm(join(dir, 'store'), { recursive: true, force: true });
}

await stage(rows, 'compact', async () => {
  const { report: r } = await compactEvents(shopUri);
  const detail = `${r.rowsKept} events valid, ${r.rowsBad} bad; ${r.files} files → ${r.parquetFiles} Parquet (${mib(r.parquetBytes)} MiB)`;
  return { value: null, backend: 'zod + DuckDB', detail };
});

const interactions = await stage(rows, 'load events', async () => {
  const source = { data: shopUri, format: 'events' as const, binary: false };
  const { interactions: s } = await loadTrainingInputs(source, ctx);
  const detail = `interaction matrix: ${s.length} (user, item) pairs, ${s.userIds.length} users, ${s.itemIds.length} items`;
  return { value: s, backend: 'DuckDB', detail };
});
let inputs: TrainingInputs | null = await stage(rows, 'load catalogue', async () => {
  const catalogue = await loadCatalogueUri(`${shopUri}/catalogue/`, ctx.log);
  return { value: { interactions, catalogue }, backend: 'js', detail: `${catalogue.ids.length} items` };
});

const recipe = { refit: true, evaluate: false, evalUsers, mf, eval: evalConfig };
const run = await stage(rows, 'train', async () => {
  const value = await trainRun(inputs!, recipe, ctx);
  const t = value.metrics.training;
  const detail = `${t.iterations} sweeps, d=${mf.factors}, ${(t.seconds / t.iterations).toFixed(2)} s/sweep, ${availableParallelism()} threads`;
  return { value, backend: `${t.compute} (${t.backend})`, detail };
});

await stage(rows, 'evaluate', async () => {
  const split = splitFor(inputs!.interactions, evalConfig);
  const model = await trainWithProgress(split.train, mf, ctx, 'train (split)');
  const name = run.metrics.primary;
  const scored = await evaluateAll([new MfRecommender(model, name)], split, evalConfig.k, ctx, evalUsers);
  Object.assign(run.metrics.models, scored.models);
  const ndcg = (m: string) => scored.models[m]?.['ndcg@10']?.toFixed(4);
  const detail = `iALS on the 75% split + ${scored.users} users scored: nDCG@10 ${ndcg(name)} vs popularity ${ndcg('popularity')}`;
  return { value: null, backend: `${model.compute} (${model.backend})`, detail };
});
inputs = null;

const store = new TimedStore(openStore(storeUri));
const published = await stage(rows, 'index + publish', async () => {
  const index = IndexConfig.parse({});
  const value = await publishModel({ run, store, index, publish: PublishConfig.parse({}) }, ctx);
  const s = value.index;
  const detail = `${s?.lists} lists, recall@10 ${s?.calibratedRecall?.toFixed(3)} at nprobe ${s?.nprobe}; of which blob writes ${store.putSeconds.toFixed(1)} s (${mib(store.putBytes)} MiB)`;
  return { value, backend: 'js index, file store', detail };
});
if (!published.published) throw new Error('the quality gate refused the model');

const total = ((performance.now() - started) / 1000).toFixed(1);
const loadAfter = await loadAverage();
const markdown = [
  `## Pipeline end to end: ${items.toLocaleString('en')} items, ${events.toLocaleString('en')} events (bench:pipeline)`,
  '',
  `Command: \`npm run bench:pipeline -- --items ${items} --events ${events}\`. Data: \`generateStorefront({ seed: 1, items: ${items}, users: ${users}, events: ${events} })\``,
  'written as the edge writes it (file store). Model: MfConfig defaults; index: IndexConfig defaults.',
  `Machine: ${MACHINE}. Date: ${today()}. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`,
  'CPU s is the whole process (all threads, incl. DuckDB). Stage peak RSS is sampled every 100 ms while the',
  'stage runs; process peak is `maxRSS` so far (never decreases).',
  '',
  table(rows, ['stage', 'wall s', 'CPU s', 'stage peak RSS MiB', 'process peak MiB', 'backend', 'detail']),
  '',
  `Total wall: ${total} s (retrain without generate: ${retrainSeconds(rows).toFixed(1)} s).`,
].join('\n');
console.log(`\n${markdown}\n`);
if (!flags['no-write-docs']) await writeSection(`pipeline-${items}`, markdown);

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}

function retrainSeconds(r: Row[]): number {
  return r.filter((x) => x.stage !== 'generate').reduce((s, x) => s + Number(x['wall s']), 0);
}
