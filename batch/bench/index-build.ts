/**
 * `npm run bench:index:build -- [--rows N] [--users N] [--metric ip|l2] [--store DIR] [--write-docs]`:
 * the WHOLE index build + publish, as the pipeline runs it, timed per phase: k-means (two-level
 * training + assignment), list shards (encoding, metadata, hashing, writes), by-id shards,
 * extras (Gramian, fallback), the wait for the nprobe calibration (which runs beside the list
 * and by-id stages; its own wall time is printed too), and the publish commit (manifest
 * validated, serialised, hashed and written, every blob checked, pointer flipped).
 *
 * Data: the bench:edge / bench:index mixture (one cluster per 200 items, noise 0.6, 64 dims) for
 * items, and users drawn from the same mixture (the calibration queries and the user shards).
 * The store directory is emptied first, so every blob is really written (a content-addressed
 * store skips blobs it already has). Vector generation is not timed.
 *
 *   flock /work/bench.lock npm run bench:index:build -- --rows 1000000 --store /work/scratch-build/store
 */
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { IndexConfig } from '#shared/schemas';
import { buildIndex, type EmbeddingModel } from '../src/index/build.ts';
import { clusteredVectors } from '../src/index/clustered.ts';
import { PhaseClock } from '../src/index/phases.ts';
import { beginPublish } from '../src/publish/publish.ts';
import { FsStore } from '../src/storage/index.ts';
import { writeSection } from './docs-section.ts';
import { defaultFoldIn, syntheticAttributes } from './fixtures/synthetic-index.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : (argv[i + 1] ?? fallback);
};
const rows = Number(opt('rows', '1000000'));
const userCount = Number(opt('users', '240000'));
const metric = opt('metric', 'ip') as 'ip' | 'l2';
const dir = opt('store', 'var/bench-index-build/store');
const dim = 64;

function model(): EmbeddingModel {
  const mixture = { rows, dim, clusters: Math.round(rows / 200), spread: 0.6, seed: 7 };
  return {
    dim,
    itemIds: Array.from({ length: rows }, (_, i) => `sku-${i}`),
    userIds: Array.from({ length: userCount }, (_, i) => `u${i}`),
    itemFactors: clusteredVectors(mixture, 'items').data,
    userFactors: clusteredVectors({ ...mixture, rows: userCount }, 'users').data,
  };
}

const f = (x: number, d = 1) => x.toFixed(d);
const m = model();
await rm(dir, { recursive: true, force: true });
const store = new FsStore(dir);
const load0 = loadavg();
const total = new PhaseClock();
const session = await beginPublish(store);
const art = await buildIndex(m, session.putBlob, {
  config: IndexConfig.parse({ metric }),
  attrs: syntheticAttributes(rows),
  foldIn: defaultFoldIn(),
});
total.end('build');
const commitClock = new PhaseClock();
const result = await session.commit({
  model: {
    kind: 'mf',
    algorithm: 'synthetic-clustered',
    dim,
    backend: 'none',
    config: {},
    metrics: {},
    data: { users: userCount, items: rows, interactions: 0 },
  },
  items: art.items,
  users: art.users,
  foldIn: art.foldIn,
  fallback: art.fallback,
});
commitClock.end('commit');
total.end('commit');
const load1 = loadavg();
const sum = (k: 'seconds' | 'cpuSeconds') => total.phases.reduce((s, p) => s + p[k], 0);
const s = art.stats;
const b = result.blobs;
const lines = [
  `### Whole index build + publish, ${rows.toLocaleString('en')} × ${dim} (\`${metric}\`), ${userCount.toLocaleString('en')} users`,
  '',
  `Command: \`npm run bench:index:build -- --rows ${rows} --users ${userCount} --metric ${metric}\` (file:// store on local disk). ` +
    `Machine: 2 cores, no GPU, Node ${process.versions.node}; ${new Date().toISOString().slice(0, 16)} UTC; ` +
    `load average ${f(load0[0] ?? 0, 2)} before, ${f(load1[0] ?? 0, 2)} after.`,
  '',
  '| phase | wall s | CPU s |',
  '|---|---:|---:|',
  ...[...s.phases, ...commitClock.phases].map((p) => `| ${p.phase} | ${f(p.seconds)} | ${f(p.cpuSeconds)} |`),
  `| **total** | **${f(sum('seconds'))}** | **${f(sum('cpuSeconds'))}** |`,
  '',
  `Calibration ran ${f(s.calibrationSeconds)} s wall beside the list and by-id stages (on a worker thread from 200k items); ` +
    `${s.lists} lists (largest ${s.largestListRows} rows), nprobe ${s.nprobe} from ${s.calibrationQueries} queries ` +
    `(recall@10 ${s.calibratedRecall?.toFixed(4)}, scanning ${f(100 * (s.calibratedScanned ?? 0), 2)} %); ` +
    `${s.itemShards} item and ${s.userShards} user shards; ${b.written} blobs written, ` +
    `${f(b.bytesWritten / 2 ** 20, 0)} MiB; sha256 ${f(b.hashSeconds)} s; awaiting the store ` +
    `${f(b.storeSeconds)} s (summed over concurrent puts); manifest ${f(result.manifestBytes / 1024, 0)} KiB.`,
];
console.log(lines.join('\n'));
if (argv.includes('--write-docs')) await writeSection(`index-build-${rows}`, lines.join('\n'));
