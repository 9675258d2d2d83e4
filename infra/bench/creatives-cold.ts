/**
 * `npm run bench:creatives:cold -- --runs 3`: the cold first category banner with BOTH the
 * creative and the generator Worker fresh ("fresh too"), two ways, alternated run by run so
 * both meet the same machine load:
 * - `one dev`: one `wrangler dev` with both configs, as `npm run demo` runs them
 *   (creatives-cold-dev.ts): ready = spawn → "Ready on", first = the first banner;
 * - `two workerds`: bench:creatives' own harness (creatives-serving.ts): each Worker in a
 *   `wrangler dev` of its own, joined through the dev registry; start = both ready.
 * and, for scale, an empty Worker in one `wrangler dev` (the floor of the first way). Each way
 * runs with the generator deadline (`--deadline`, CREATIVE_GENERATOR_DEADLINE_MS, colo cache on)
 * and without it (0), and reports two moments apart: the first answer the shopper gets, with its
 * source (a library stand-in, `library (generator_slow)`, or `generated`), and the first GENERATED
 * banner (the same request asked again back to back until one is; creatives-first-generated.ts).
 * The request is a coat seed the library does not hold, so the generator really draws it.
 * Store: bench:creatives' (the demo GAN architecture with seeded random weights, its library and
 * item cards). Prints each run and the medians as markdown (docs/benchmarks.md, bench:creatives-cold).
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ServingRun, timeServing } from '../../batch/bench/creatives-serving.ts';
import { BENCH_PATHS, benchGeneratorOnnx, benchStore } from '../../batch/bench/creatives-store.ts';
import { seedBucket } from '../../batch/bench/creatives-workerd.ts';
import { type DemoColdRun, demoBundles, timeDemoCold, timeDemoEmpty } from './creatives-cold-dev.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '18430' },
    // The creative Worker's default (infra/creative.wrangler.toml), stated so the output names it.
    deadline: { type: 'string', default: '250' },
  },
});
const ROOT = resolve(import.meta.dirname, '../..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] ?? Number.NaN;
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/**
 * One timed cold run: `ready`/`start` (spawn → ready), `first` (→ the first answer), its source,
 * and `generated` (→ the first generated answer, counted like `first` from ready).
 */
interface Run {
  ready: number;
  first: number;
  source: string;
  generated: number;
  asked: number;
  timing: string;
}

interface Row {
  name: string;
  runs: Run[];
}

const verdict = (ms: number) => (ms <= 1000 ? ' (≤ 1 s: met)' : ' (> 1 s: missed)');

function table(rows: Row[], floor: Run[]): string {
  const lines = [
    '| both Workers fresh, coat seed not in the library | start + first answer, median | its source (runs) | start + first **generated** banner, median | runs: start + first / + generated (answers asked) | Server-Timing of the first answer (last run) |',
    '|---|---:|---|---:|---|---|',
  ];
  for (const { name, runs } of rows) {
    const first = median(runs.map((r) => r.ready + r.first));
    const generated = median(runs.map((r) => r.ready + r.generated));
    const each = runs
      .map((r) => `${r.ready.toFixed(0)} + ${r.first.toFixed(0)} / ${r.generated.toFixed(0)} (${r.asked})`)
      .join(', ');
    const sources = runs.map((r) => r.source).join(', ');
    lines.push(
      `| ${name} | ${first.toFixed(0)} ms${verdict(first)} | ${sources} | ${generated.toFixed(0)} ms${verdict(generated)} | ${each} | \`${runs.at(-1)?.timing ?? ''}\` |`,
    );
  }
  const empty = median(floor.map((r) => r.ready + r.first));
  const each = floor.map((r) => `${r.ready.toFixed(0)} + ${r.first.toFixed(0)}`).join(', ');
  lines.push(
    `| floor: an empty Worker, one \`wrangler dev\` | ${empty.toFixed(0)} ms | empty | — | ${each} | |`,
  );
  return lines.join('\n');
}

const oneDevRun = (r: DemoColdRun): Run => ({
  ready: r.readyMs,
  first: r.firstMs,
  source: r.source,
  generated: r.generated?.ms ?? r.firstMs,
  asked: r.generated?.asked ?? 1,
  timing: r.serverTiming,
});

const twoRun = (r: ServingRun): Run => ({
  ready: r.startMs,
  first: r.firstMs,
  source: r.firstSource.split(' / ')[0] ?? '?',
  generated: r.generated?.ms ?? r.firstMs,
  asked: r.generated?.asked ?? 1,
  timing: r.firstServerTiming,
});

async function main(): Promise<void> {
  const runs = Number(values.runs);
  const port = Number(values.port);
  const deadline = String(Number(values.deadline));
  const { onnx, zDim } = await benchGeneratorOnnx('demo');
  const stateDir = join(ROOT, 'var/bench/creatives-cold/seeded');
  const { objects } = await benchStore(onnx, zDim, 'http://127.0.0.1:9', 4);
  await seedBucket(stateDir, objects);
  log('bundling both Workers (deploy bundles)…');
  const bundles = await demoBundles();
  // The library holds seed 0 of each category (1 variant, medium-rectangle): every run asks for
  // a seed of its own that is not there (the two-workerd state, and so its colo cache, persists
  // across runs), so the generator really draws; the library's seed-0 coat is its stand-in.
  const seedOf = (variant: number, i: number) => 100 * (variant + 1) + i;
  // The deadline on, with the colo cache the late generator run fills; and off (0: as before).
  const withDeadline = { CREATIVE_GENERATOR_DEADLINE_MS: deadline, CREATIVE_MAX_AGE_SECONDS: '86400' };
  const noDeadline = { CREATIVE_GENERATOR_DEADLINE_MS: '0' };
  const rows: Row[] = [
    { name: `one \`wrangler dev\` (as \`npm run demo\`), deadline ${deadline} ms`, runs: [] },
    { name: 'one `wrangler dev`, deadline 0 (off)', runs: [] },
    { name: `two workerds (bench:creatives "fresh too"), deadline ${deadline} ms`, runs: [] },
    { name: 'two workerds, deadline 0 (off)', runs: [] },
  ];
  const floor: Run[] = [];
  const before = loads();
  for (let i = 0; i < runs; i++) {
    const e = await timeDemoEmpty(port);
    floor.push({ ready: e.readyMs, first: e.firstMs, source: 'empty', generated: 0, asked: 0, timing: '' });
    for (const [v, vars] of [withDeadline, noDeadline].entries()) {
      const path = BENCH_PATHS.category(seedOf(v, i));
      const a = oneDevRun(await timeDemoCold(bundles, stateDir, vars, path, port, { untilGenerated: true }));
      rows[v]?.runs.push(a);
      log(
        `${rows[v]?.name} ${i + 1}/${runs}: ${a.ready.toFixed(0)} + ${a.first.toFixed(0)} ms (${a.source}), generated ${a.generated.toFixed(0)} ms`,
      );
      const options = { seed: seedOf(v + 2, i), untilGenerated: true };
      const b = twoRun(await timeServing(stateDir, vars, BENCH_PATHS, 'category', 0, 'cold', options));
      rows[v + 2]?.runs.push(b);
      log(
        `${rows[v + 2]?.name} ${i + 1}/${runs}: ${b.ready.toFixed(0)} + ${b.first.toFixed(0)} ms (${b.source}), generated ${b.generated.toFixed(0)} ms`,
      );
    }
  }
  const after = loads();
  process.stdout.write(
    `Load average (1 / 5 / 15 min) before: ${before}, after: ${after}; ${runs} runs each, alternated.\n\n${table(rows, floor)}\n`,
  );
}

main().catch((error: unknown) => {
  log(
    `bench:creatives:cold failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
