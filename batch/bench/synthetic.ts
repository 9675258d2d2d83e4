/**
 * `npm run bench:synthetic`: how fast the synthetic storefront is generated at benchmark scale
 * (1M items / 10M events by default), how much memory that takes, how fast the loaders read it
 * back from files, and how long evaluation takes beyond scoring (popularity baseline on
 * ml-latest-small when present, and on the synthetic store with sampled users).
 *
 * Each scenario runs in its own child process so its peak RSS is its own. Prints a table and
 * replaces this bench's section of docs/benchmarks.md.
 *
 *   npm run bench:synthetic -- [--items 1000000] [--users 100000] [--events 10000000]
 *                              [--skip-file] [--skip-readback] [--no-write-docs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../src/data/catalogue-load.ts';
import { loadBehaviourEvents } from '../src/data/events.ts';
import { loadMovieLensRatings } from '../src/data/interactions-csv.ts';
import { evaluate } from '../src/eval/evaluate.ts';
import { PopularityRecommender } from '../src/eval/recommender.ts';
import { stratifiedSplit } from '../src/eval/splits.ts';
import { generateStorefront } from '../src/synthetic/storefront.ts';
import { writeSection } from './docs-section.ts';

const MOVIELENS = resolve('../shared/data/ml-latest-small');
const FILE_STORE = resolve('var/bench-synthetic');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const scale = {
  items: Number(arg('items') ?? 1_000_000),
  users: Number(arg('users') ?? 100_000),
  events: Number(arg('events') ?? 10_000_000),
};

/** Peak resident set size of this process so far, MiB. */
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (t0: number) => Number(((performance.now() - t0) / 1000).toFixed(2));

type Row = Record<string, string | number>;

/** The scenarios, each run in a child; each returns rows for the table. */
const scenarios: Record<string, () => Promise<Row[]>> = {
  async memory() {
    let t0 = performance.now();
    const shop = await generateStorefront({ seed: 1, ...scale });
    const gen = seconds(t0);
    const genPeak = peakMiB();
    const n = shop.stats.events;
    const mix = Object.values(shop.stats.byType)
      .map((c) => ((100 * c) / n).toFixed(1))
      .join(' / ');
    t0 = performance.now();
    const { train, test } = stratifiedSplit(shop.interactions, { by: 'item' });
    const split = seconds(t0);
    t0 = performance.now();
    const popularity = new PopularityRecommender(train);
    const fit = seconds(t0);
    t0 = performance.now();
    const pop = await evaluate(popularity, train, test, { k: 10, sampleUsers: 1000 });
    const evalS = seconds(t0);
    return [
      {
        step: `generate in memory (${fmt(scale.items)} items, ${fmt(scale.users)} users)`,
        seconds: gen,
        'peak RSS MiB': genPeak,
        detail: `${fmt(n)} events, ${fmt(shop.stats.sessions)} sessions; view/click/cart/purchase % ${mix}`,
      },
      {
        step: 'stratified split by item (75/25)',
        seconds: split,
        'peak RSS MiB': peakMiB(),
        detail: `${fmt(train.length)} / ${fmt(test.length)} rows`,
      },
      {
        step: 'popularity baseline: count users per item',
        seconds: fit,
        'peak RSS MiB': peakMiB(),
        detail: '',
      },
      {
        step: 'evaluate popularity, 1,000 sampled users, k=10',
        seconds: evalS,
        'peak RSS MiB': peakMiB(),
        detail: `scoring ${(pop.scoringMs / 1000).toFixed(2)} s of it; nDCG@10 ${pop.ndcg.toFixed(3)}, P@10 ${pop.precision.toFixed(3)}`,
      },
    ];
  },

  async file() {
    rmSync(FILE_STORE, { recursive: true, force: true });
    const t0 = performance.now();
    const shop = await generateStorefront({ seed: 1, ...scale }, { store: `file://${FILE_STORE}` });
    const w = shop.stats.written!;
    return [
      {
        step: 'generate + write NDJSON events and JSONL catalogue (file://)',
        seconds: seconds(t0),
        'peak RSS MiB': peakMiB(),
        detail: `${fmt(w.eventFiles)} event parts, ${(w.eventBytes / 2 ** 20).toFixed(0)} MiB; ${w.catalogueFiles} catalogue parts, ${(w.catalogueBytes / 2 ** 20).toFixed(0)} MiB`,
      },
    ];
  },

  async readback() {
    let t0 = performance.now();
    const events = await loadBehaviourEvents(`file://${FILE_STORE}`, { dedupe: false });
    const ev = seconds(t0);
    const evPeak = peakMiB();
    t0 = performance.now();
    const cat = await loadCatalogue(`file://${FILE_STORE}`, 'catalogue/');
    return [
      {
        step: 'loadBehaviourEvents (zod per line, no dedupe)',
        seconds: ev,
        'peak RSS MiB': evPeak,
        detail: `${fmt(events.report.rowsKept)} kept, ${events.report.rowsBad} bad, ${events.report.files} files`,
      },
      {
        step: 'loadCatalogue (zod per line)',
        seconds: seconds(t0),
        'peak RSS MiB': peakMiB(),
        detail: `${fmt(cat.report.rowsKept)} items, ${cat.report.rowsBad} bad`,
      },
    ];
  },

  async movielens() {
    if (!existsSync(resolve(MOVIELENS, 'ratings.csv'))) {
      console.error(`MovieLens not found at ${MOVIELENS}: skipping the ml-latest-small evaluation timing`);
      return [];
    }
    let t0 = performance.now();
    const { data, report } = await loadMovieLensRatings(`file://${MOVIELENS}`, 'ratings.csv');
    const load = seconds(t0);
    t0 = performance.now();
    const { train, test } = stratifiedSplit(data, { by: 'item', ratio: 0.75, seed: 42 });
    const split = seconds(t0);
    t0 = performance.now();
    const pop = await evaluate(new PopularityRecommender(train), train, test, { k: 10 });
    const total = seconds(t0);
    return [
      {
        step: 'ml-latest-small: load ratings.csv',
        seconds: load,
        'peak RSS MiB': peakMiB(),
        detail: `${fmt(report.rowsKept)} ratings, ${report.rowsBad} bad`,
      },
      {
        step: 'ml-latest-small: stratified split by item',
        seconds: split,
        'peak RSS MiB': peakMiB(),
        detail: `${fmt(train.length)} / ${fmt(test.length)}`,
      },
      {
        step: `ml-latest-small: evaluate popularity (${pop.users} users × ${fmt(train.itemIds.length)} items)`,
        seconds: total,
        'peak RSS MiB': peakMiB(),
        detail: `beyond scoring ${((pop.totalMs - pop.scoringMs) / 1000).toFixed(3)} s; MAP ${pop.map.toFixed(3)}, nDCG@10 ${pop.ndcg.toFixed(3)}, P@10 ${pop.precision.toFixed(3)}, R@10 ${pop.recall.toFixed(3)}`,
      },
    ];
  },
};

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function runChild(name: string): Row[] {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', self, '--child', name, ...process.argv.slice(2)];
  const res = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (res.status !== 0) throw new Error(`scenario ${name} failed with status ${res.status}`);
  const last = res.stdout.trim().split('\n').at(-1) ?? '[]';
  return JSON.parse(last) as Row[];
}

function table(rows: Row[]): string {
  const cols = ['step', 'seconds', 'peak RSS MiB', 'detail'];
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => r[c] ?? '').join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const child = arg('child');
  if (child !== undefined) {
    const run = scenarios[child];
    if (run === undefined) throw new Error(`unknown scenario ${child}`);
    console.log(JSON.stringify(await run()));
    return;
  }
  const names = ['memory', 'movielens'];
  if (!flag('skip-file')) names.push('file');
  if (!flag('skip-file') && !flag('skip-readback')) names.push('readback');
  const rows: Row[] = [];
  for (const name of names) {
    console.error(`running ${name} …`);
    const got = runChild(name);
    for (const r of got)
      console.error(`  ${r.step}: ${r.seconds} s, peak ${r['peak RSS MiB']} MiB — ${r.detail}`);
    rows.push(...got);
  }
  const md = [
    '## Synthetic storefront and evaluation (`npm run bench:synthetic`)',
    '',
    `Command: \`npm run bench:synthetic -- --items ${scale.items} --users ${scale.users} --events ${scale.events}\`. ` +
      `Seed 1. Machine: 2 cores, no GPU, Node ${process.versions.node}; date ${new Date().toISOString().slice(0, 10)}. ` +
      "Each scenario runs in its own process; peak RSS is that process's maximum so far. " +
      'Taken while other engineers were using the same 2 cores, so times are upper bounds.',
    '',
    table(rows),
  ].join('\n');
  console.log(md);
  if (!flag('no-write-docs')) await writeSection('synthetic', md);
}

await main();
