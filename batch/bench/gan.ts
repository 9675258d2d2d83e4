/**
 * `npm run bench:gan`: trains each preset with several seeds, evaluates every run on the *test*
 * split (the final report; options were chosen on the validation split), and records the spread.
 *
 *   npm run bench:gan [-- --only demo|full] [--seeds 42,7,1234] [--full-seeds …] [--jobs 3] [--retrain]
 *                     [--samples-per-class 1000] [--note text] [--no-write-docs]
 *
 * Checkpoints live in the store (default file://.vitrine/gan) at `bench-<preset>-s<seed>`. A
 * finished checkpoint is reused (its recorded training wall and CPU time are reported, and the
 * table says so); --retrain wipes and retrains. Training runs as `vitrine gan-train` child
 * processes, `--jobs` at a time (each is single-threaded WASM); evaluation then runs here.
 * Sample grids go to var/gan-<preset>-grid.png (first seed); the bench:gan section of
 * docs/benchmarks.md is rewritten.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { GanPreset } from '#shared/schemas';
import { formatEvaluation, ganEvalJob } from '../src/jobs/gan-eval.ts';
import { loadCheckpoint } from '../src/models/gan/checkpoint.ts';
import { DEFAULT_CLASSIFIER_CONFIG } from '../src/models/gan/classifier.ts';
import { resolveGanConfig } from '../src/models/gan/presets.ts';
import { openStore } from '../src/storage/index.ts';
import { writeSection } from './docs-section.ts';
import { type RunReport, renderReport } from './gan-report.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seeds: { type: 'string', default: '42,7,1234' },
    'full-seeds': { type: 'string' },
    jobs: { type: 'string', default: '3' },
    store: { type: 'string', default: 'file://.vitrine/gan' },
    cache: { type: 'string', default: 'file://.vitrine/cache' },
    'samples-per-class': { type: 'string', default: '1000' },
    'no-write-docs': { type: 'boolean', default: false },
    note: { type: 'string' },
    retrain: { type: 'boolean', default: false },
  },
});
const store = openStore(values.store);
const cache = openStore(values.cache);
const presets: GanPreset[] = values.only ? [values.only as GanPreset] : ['demo', 'full'];
const seedList = (s: string) => s.split(',').map(Number);
const seedsOf = (preset: GanPreset) =>
  seedList(preset === 'full' ? (values['full-seeds'] ?? values.seeds) : values.seeds);
const log = (msg: string) => process.stderr.write(`[bench:gan] ${msg}\n`);
const prefixOf = (preset: GanPreset, seed: number) => `bench-${preset}-s${seed}`;

/** Trains one run in a child process (`vitrine gan-train`); resolves when it exits 0. */
function train(preset: GanPreset, seed: number): Promise<void> {
  const args = [
    '--import',
    'tsx',
    'batch/bin/vitrine.ts',
    'gan-train',
    '--preset',
    preset,
    '--seed',
    String(seed),
  ];
  args.push('--store', values.store, '--prefix', prefixOf(preset, seed), '--checkpoint-every', '250');
  log(`${preset} seed ${seed}: training`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`gan-train ${preset} seed ${seed} exited ${code}`)),
    );
  });
}

async function needsTraining(preset: GanPreset, seed: number): Promise<boolean> {
  const prefix = prefixOf(preset, seed);
  const config = resolveGanConfig({ preset, seed });
  if (values.retrain) for (const blob of await store.list(`${prefix}/`)) await store.delete(blob.key);
  const existing = await loadCheckpoint(store, prefix);
  const same = (Object.keys(config) as (keyof typeof config)[]).every(
    (k) => existing?.meta.config[k] === config[k],
  );
  if (existing && !same) {
    log(`${prefix}: trained with other options than the preset; retraining`);
    for (const blob of await store.list(`${prefix}/`)) await store.delete(blob.key);
    return true;
  }
  return !existing || existing.meta.step < config.steps;
}

// Train what is missing, `jobs` child processes at a time.
const todo: [GanPreset, number][] = [];
const origin = new Map<string, string>();
for (const preset of presets) {
  for (const seed of seedsOf(preset)) {
    const fresh = await needsTraining(preset, seed);
    origin.set(prefixOf(preset, seed), fresh ? 'trained by this run' : 'reused finished checkpoint');
    if (fresh) todo.push([preset, seed]);
  }
}
const loadStart = loadavg()[0] ?? 0;
const queue = [...todo];
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.jobs)) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await train(...next);
  }),
);
const loadEnd = loadavg()[0] ?? 0;

const runs: RunReport[] = [];
let dataLine = '';
for (const preset of presets) {
  const seeds = seedsOf(preset);
  for (const seed of seeds) {
    const prefix = prefixOf(preset, seed);
    log(`${prefix}: evaluating on the test split…`);
    const ev = await ganEvalJob({
      store,
      prefix,
      cache,
      split: 'test',
      samplesPerClass: Number(values['samples-per-class']),
      gridPerClass: seed === seeds[0] ? 10 : 0,
      onClassifierEpoch: (epoch, loss) => log(`classifier epoch ${epoch} loss ${loss.toFixed(3)}`),
    });
    dataLine = ev.data.description;
    const grid = `var/gan-${preset}-grid.png`;
    if (ev.grid) {
      await mkdir('var', { recursive: true });
      await writeFile(grid, ev.grid);
    }
    const m = ev.checkpoint;
    console.log(
      `\n== ${prefix} (${origin.get(prefix)}, ${m.config.steps} steps, ${m.backend}, ${ev.averaged ? 'EMA' : 'last'} weights) ` +
        `wall ${(m.wallMs / 60000).toFixed(1)} min, CPU ${((m.cpuMs ?? 0) / 60000).toFixed(1)} min`,
    );
    console.log(formatEvaluation(ev.evaluation));
    runs.push({
      preset,
      seed,
      config: m.config,
      backend: m.backend,
      origin: origin.get(prefix) ?? '',
      averaged: ev.averaged,
      wallS: m.wallMs / 1000,
      cpuS: m.cpuMs === undefined ? undefined : m.cpuMs / 1000,
      evaluation: ev.evaluation,
      grid: ev.grid ? grid : undefined,
    });
  }
}

if (!values['no-write-docs']) {
  const c = DEFAULT_CLASSIFIER_CONFIG;
  await writeSection(
    'gan',
    renderReport(runs, {
      date: new Date().toISOString().slice(0, 10),
      command: `npm run bench:gan -- ${process.argv
        .slice(2)
        .filter((a, i, all) => a !== '--note' && all[i - 1] !== '--note')
        .join(' ')}`,
      data: dataLine,
      load:
        todo.length > 0
          ? `${loadStart.toFixed(1)}→${loadEnd.toFixed(1)} over training (${todo.length} runs, ${values.jobs} at a time)`
          : 'no training in this run (finished checkpoints reused; each records its own wall and CPU time)',
      classifier: `CNN (conv 16/32 stride 2, dense 128) trained ${c.epochs} epochs on the GAN's training split, cached`,
      note: values.note,
    }),
  );
  log('docs/benchmarks.md updated (bench:gan section)');
}
