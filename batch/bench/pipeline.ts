/**
 * `npm run bench:pipeline -- --items 1000000 --events 10000000`: one nightly retrain end to end on
 * this machine, stage by stage — generate (the synthetic shop written as the edge writes it:
 * NDJSON event partitions and a catalogue) → compact (NDJSON → Parquet, validated; the history as a
 * first run, then the last 24 hours as a nightly run compacts them) → load events (DuckDB aggregates the
 * interaction matrix) → load catalogue → train + evaluate (iALS on a 75/25 split, 2,000 sampled
 * users beside popularity, then a warm refit on all events) → index + publish (quality gate, IVF
 * index into a publish session, manifest, pointer flip; blob writes timed apart as "publish").
 * Each stage's wall and CPU time, peak RSS and backend go to docs/benchmarks.md (section
 * `pipeline-<items>`), with the first-run and the nightly totals.
 *
 * Flags: --items N --events N [--users N (items/10)] [--iterations N] [--eval-users 2000]
 *        [--dir var/bench-pipeline] [--reuse (keep a generated shop)] [--generate-only] [--no-write-docs]
 *        [--keep-history (with --reuse: keep the history an earlier run compacted; only the last 24
 *        hours are compacted again, as the nightly run compacts them)]
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EvalConfig, IndexConfig, MfConfig, PublishConfig } from '#shared/schemas';
import { compactEvents } from '../src/data/parquet/compact.ts';
import { loadCatalogueUri } from '../src/jobs/inputs.ts';
import { loadTrainingInputs, type TrainingInputs, trainRun } from '../src/jobs/train-mf.ts';
import { createLogger, type JobContext, quietContext } from '../src/observe/index.ts';
import { publishModel } from '../src/pipeline/publish-model.ts';
import { openStore } from '../src/storage/open.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { writeSection } from './docs-section.ts';
import { MACHINE, type Row, table, today } from './mf-report.ts';
import { loadAverage, stage, TimedStore } from './pipeline-measure.ts';
import { forgetLastDay, holdBackLastDay, restoreHeld } from './pipeline-shop.ts';

const { values: flags } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    events: { type: 'string', default: '1000000' },
    users: { type: 'string' },
    iterations: { type: 'string' },
    'eval-users': { type: 'string', default: '2000' },
    dir: { type: 'string', default: 'var/bench-pipeline' },
    reuse: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
    'no-write-docs': { type: 'boolean', default: false },
    'keep-history': { type: 'boolean', default: false },
  },
});
const items = Number(flags.items);
const events = Number(flags.events);
const users = Number(flags.users ?? Math.max(100, Math.round(items / 10)));
const evalUsers = Number(flags['eval-users']);
const dir = resolve(flags.dir, `${items}-${events}`);
const shopUri = `file://${join(dir, 'shop')}`;
const storeUri = `file://${join(dir, 'store')}`;
/** When each step of training logged its end (`train.done` by label, `train.refit`), from the job's logs. */
const logged = new Map<string, number>();
const ctx: JobContext = {
  ...quietContext('warn'),
  log: createLogger({
    level: 'info',
    format: 'json',
    write: (line) => {
      const e = JSON.parse(line) as { event: string; level: string; label?: string; seconds?: number };
      if (e.event === 'train.done' || e.event === 'train.refit')
        logged.set(e.label ?? e.event, performance.now());
      if (e.level === 'warn' || e.level === 'error') console.error(line);
    },
  }),
};
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
  await restoreHeld(dir); // hours an interrupted run held back
  const kept = flags['keep-history'] && (await forgetLastDay(dir));
  if (!kept) await rm(join(dir, 'shop', 'events-parquet'), { recursive: true, force: true });
  await rm(join(dir, 'store'), { recursive: true, force: true });
}

// Generating a large shop takes minutes and is not part of a retrain: do it apart, then --reuse.
if (flags['generate-only']) process.exit(0);

// The history is compacted unless an earlier run's is kept; the last day always, as nightly.
const compacted = existsSync(join(dir, 'shop', 'events-parquet', '_state.json'));
const held = compacted ? [] : await holdBackLastDay(dir);
if (!compacted) await stage(rows, held.length ? 'compact (history, first run)' : 'compact', compactStage);
if (held.length) await restoreHeld(dir);
if (held.length || compacted) await stage(rows, 'compact (last 24 h, nightly)', compactStage);

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

// One training per run: the split model is evaluated, then refit warm on all data (evaluate-recipe.ts).
const recipe = { refit: true, evaluate: true, evalUsers, mf, eval: evalConfig };
const run = await stage(rows, 'train + evaluate', async () => {
  const t0 = performance.now();
  const value = await trainRun(inputs!, recipe, ctx);
  const t = value.metrics.training;
  const at = (k: string) => logged.get(k) ?? t0;
  const span = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
  const [split, scored, refit] = [at('train (split)'), at('train.refit'), at('refit (all, warm)')];
  const ndcg = (m: string) => value.metrics.models[m]?.['ndcg@10']?.toFixed(4);
  const detail =
    `split + train ${span(t0, split)} s (${mf.iterations} sweeps) + scoring ${value.metrics.data.evaluatedUsers} users ${span(split, scored)} s ` +
    `(nDCG@10 ${ndcg(value.metrics.primary)} vs popularity ${ndcg('popularity')}) + warm refit on all ${span(scored, refit)} s ` +
    `(${mf.refitIterations} sweeps) + cold items and metadata ${span(refit, performance.now())} s; ` +
    `${(t.seconds / t.iterations).toFixed(2)} s/sweep, d=${mf.factors}, ${availableParallelism()} threads`;
  return { value, backend: `${t.compute} (${t.backend})`, detail };
});
inputs = null;

const store = new TimedStore(openStore(storeUri));
const published = await stage(rows, 'index + publish', async () => {
  const index = IndexConfig.parse({});
  const value = await publishModel({ run, store, index, publish: PublishConfig.parse({}) }, ctx);
  const s = value.index;
  const detail = `${s?.lists} lists, recall@10 ${s?.calibratedRecall?.toFixed(3)} at nprobe ${s?.nprobe}; blob writes ${store.putSeconds.toFixed(1)} s summed over concurrent puts (${mib(store.putBytes)} MiB)`;
  return { value, backend: 'js index, file store', detail };
});
if (!published.published) throw new Error('the quality gate refused the model');

const total = ((performance.now() - started) / 1000).toFixed(1);
const loadAfter = await loadAverage();
const markdown = [
  `## Pipeline end to end: ${items.toLocaleString('en')} items, ${events.toLocaleString('en')} events (bench:pipeline)`,
  '',
  `Command: \`npm run bench:pipeline -- --items ${items} --events ${events}${compacted ? ' --reuse --keep-history' : ''}\`. Data: \`generateStorefront({ seed: 1, items: ${items}, users: ${users}, events: ${events} })\``,
  'written as the edge writes it (file store). Model: MfConfig defaults; index: IndexConfig defaults.',
  `Machine: ${MACHINE}. Date: ${today()}. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`,
  'CPU s is the whole process (all threads, incl. DuckDB). Stage peak RSS is sampled every 100 ms while the',
  'stage runs; process peak is `maxRSS` so far (never decreases).',
  '',
  table(rows, ['stage', 'wall s', 'CPU s', 'stage peak RSS MiB', 'process peak MiB', 'backend', 'detail']),
  '',
  compacted
    ? `Total wall: ${total} s. The history was compacted by an earlier run (kept with --keep-history), not timed here;`
    : `Total wall: ${total} s. First run on this history (every stage but generate): ${sumWall(rows, (x) => x !== 'generate').toFixed(1)} s;`,
  `nightly retrain (only the last 24 hours' NDJSON is new to compaction): ${sumWall(rows, (x) => x !== 'generate' && !x.startsWith('compact (history')).toFixed(1)} s.`,
].join('\n');
console.log(`\n${markdown}\n`);
if (!flags['no-write-docs']) await writeSection(`pipeline-${items}`, markdown);

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(0);
}

function sumWall(r: Row[], keep: (stage: string) => boolean): number {
  return r.filter((x) => keep(String(x.stage))).reduce((s, x) => s + Number(x['wall s']), 0);
}

async function compactStage() {
  const { report: r } = await compactEvents(shopUri);
  const detail = `${r.rowsKept} events valid, ${r.rowsBad} bad; ${r.files} new files (${r.filesAlreadyCompacted} compacted before) → ${r.parquetFiles} Parquet (${mib(r.parquetBytes)} MiB)`;
  return { value: null, backend: 'zod + DuckDB', detail };
}
