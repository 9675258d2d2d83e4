/**
 * `npm run bench:gan`: trains/evaluates the creative generator presets and records the numbers.
 *
 *   npm run bench:gan [-- --only demo|full] [--no-write-docs] [--retrain]
 *
 * Checkpoints live in the store (default file://.vitrine/gan): demo at prefix `bench-demo`, full at
 * prefix `full` (what `vitrine gan-train --preset full --prefix full` writes). A finished
 * checkpoint is reused — its recorded training wall and CPU time are reported, and the table says
 * "reused finished checkpoint" — because `full` takes 12–15 min here; --retrain wipes and retrains.
 * A partial checkpoint is resumed to the end.
 * Then each is evaluated (gan-eval job), a sample grid PNG goes to var/gan-<preset>-grid.png, and
 * the bench:gan section of docs/benchmarks.md is rewritten.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { GanPreset } from '#shared/schemas';
import { formatEvaluation, ganEvalJob } from '../src/jobs/gan-eval.ts';
import { ganTrainJob } from '../src/jobs/gan-train.ts';
import { loadCheckpoint } from '../src/models/gan/checkpoint.ts';
import { DEFAULT_CLASSIFIER_CONFIG } from '../src/models/gan/classifier.ts';
import { resolveGanConfig } from '../src/models/gan/presets.ts';
import { openStore } from '../src/storage/index.ts';
import { writeSection } from './docs-section.ts';
import { type PresetReport, renderReport } from './gan-report.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    store: { type: 'string', default: 'file://.vitrine/gan' },
    cache: { type: 'string', default: 'file://.vitrine/cache' },
    'no-write-docs': { type: 'boolean', default: false },
    retrain: { type: 'boolean', default: false },
  },
});
const store = openStore(values.store);
const cache = openStore(values.cache);
const presets: GanPreset[] = values.only ? [values.only as GanPreset] : ['demo', 'full'];
const log = (msg: string) => process.stderr.write(`[bench:gan] ${msg}\n`);

async function obtain(preset: GanPreset) {
  const config = resolveGanConfig({ preset });
  const prefix = preset === 'demo' ? 'bench-demo' : 'full';
  if (values.retrain) {
    for (const blob of await store.list(`${prefix}/`)) await store.delete(blob.key);
  }
  let existing = await loadCheckpoint(store, prefix);
  const sameConfig = (Object.keys(config) as (keyof typeof config)[]).every(
    (k) => existing?.meta.config[k] === config[k],
  );
  if (existing && !sameConfig) {
    log(`${preset}: checkpoint at ${prefix} was trained with other options than the preset; retraining`);
    for (const blob of await store.list(`${prefix}/`)) await store.delete(blob.key);
    existing = undefined;
  }
  if (existing && existing.meta.step >= config.steps) {
    log(`${preset}: reusing finished checkpoint ${values.store} ${prefix} (step ${existing.meta.step})`);
    const m = existing.meta;
    const cpu = m.cpuMs === undefined ? undefined : m.cpuMs / 1000;
    return {
      prefix,
      config,
      origin: 'reused finished checkpoint',
      wallS: m.wallMs / 1000,
      cpuS: cpu,
      backend: m.backend,
    };
  }
  log(`${preset}: training${existing ? ` (resuming from step ${existing.meta.step})` : ''}…`);
  let last = 0;
  const result = await ganTrainJob({
    store,
    prefix,
    gan: { preset },
    checkpointEvery: 250,
    onData: (l, n) => log(`data: ${l.dir} (${l.source}), ${n} training images`),
    onProgress: (p) => {
      if (p.step - last >= 100 || p.step === p.steps) {
        last = p.step;
        log(
          `${preset} step ${p.step}/${p.steps} D ${p.dLoss.toFixed(3)} G ${p.gLoss.toFixed(3)} ${(p.elapsedMs / 1000).toFixed(0)}s`,
        );
      }
    },
  });
  return {
    prefix,
    config,
    origin: existing ? `resumed here from step ${existing.meta.step}` : 'trained by this run',
    wallS: result.totalMs / 1000,
    cpuS: result.totalCpuMs / 1000,
    backend: result.backend,
  };
}

const reports: PresetReport[] = [];
let dataLine = '';
for (const preset of presets) {
  const loadStart = loadavg()[0] ?? 0;
  const got = await obtain(preset);
  const loadEnd = loadavg()[0] ?? 0;
  log(`${preset}: evaluating…`);
  const ev = await ganEvalJob({
    store,
    prefix: got.prefix,
    cache,
    gridPerClass: 10,
    onClassifierEpoch: (epoch, loss) => log(`classifier epoch ${epoch} loss ${loss.toFixed(3)}`),
  });
  dataLine = `Fashion-MNIST from ${ev.data.dir} (${ev.data.source})`;
  const grid = `var/gan-${preset}-grid.png`;
  await mkdir('var', { recursive: true });
  if (ev.grid) await writeFile(grid, ev.grid);
  console.log(
    `\n== ${preset} (${got.origin}, ${got.config.steps} steps, ${got.backend}) wall ${(got.wallS / 60).toFixed(1)} min` +
      `${got.cpuS === undefined ? '' : `, CPU ${(got.cpuS / 60).toFixed(1)} min`}, load ${loadStart.toFixed(1)}→${loadEnd.toFixed(1)}`,
  );
  console.log(formatEvaluation(ev.evaluation));
  console.log(`grid: ${grid}`);
  reports.push({
    preset,
    config: got.config,
    backend: got.backend,
    origin: got.origin,
    steps: got.config.steps,
    wallS: got.wallS,
    cpuS: got.cpuS,
    loadStart,
    loadEnd,
    evaluation: ev.evaluation,
    grid,
  });
}

if (!values['no-write-docs'] && presets.length === 2) {
  const c = DEFAULT_CLASSIFIER_CONFIG;
  await writeSection(
    'gan',
    renderReport(reports, {
      date: new Date().toISOString().slice(0, 10),
      data: dataLine,
      classifier: `CNN (conv 32/64 stride 2, dense 128) trained ${c.epochs} epochs on the training images, cached`,
    }),
  );
  log('docs/benchmarks.md updated (bench:gan section)');
} else if (!values['no-write-docs']) {
  log('docs not updated: the section needs both presets (run without --only)');
}
