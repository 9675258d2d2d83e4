/**
 * `npm run bench:index:layouts -- <rows> <nlist> <metrics> <twoLevel values> [options] [--write-docs]`:
 * the IVF layout table for inner-product search — k-means geometry ('l2', 'ip', 'cosine') ×
 * flat or two-level training, on the bench:edge mixture (clustered vectors, one cluster per 200
 * items, noise 0.6, 64 dims, 200 queries from the same mixture). Per layout: build wall and CPU
 * seconds and the nprobe (and fraction of rows scanned) at which recall@10 reaches 0.95, 0.98
 * and 0.99, from `calibrateNprobe` (exact: a true top-10 item is found iff its list is probed).
 * nlist 0 is the default list count (`autoNlist`). Options for the two-level trainer:
 * `--per-centroid N` (training rows per list), `--threads N`, `--full-probe N` (coarse groups
 * probed in the passes over all rows), `--full-passes N` (Lloyd passes over all rows after the first).
 *
 *   npm run bench:index:layouts -- 100000 0 l2,ip,cosine false,true
 *   npm run bench:index:layouts -- 1000000 0 l2,ip true --threads 2
 */
import { loadavg } from 'node:os';
import { calibrateNprobe } from '../src/index/calibrate.ts';
import { clusteredVectors } from '../src/index/clustered.ts';
import { buildIvf } from '../src/index/ivf.ts';
import type { KmeansMetric } from '../src/index/kmeans.ts';
import { writeSection } from './docs-section.ts';

const argv = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : Number(argv[i + 1]);
};
const positional = argv.filter(
  (a, i) => !a.startsWith('--') && !argv[i - 1]?.match(/^--(per-centroid|threads|full-probe|full-passes)$/),
);
const [rowsArg = '100000', nlistArg = '0', metricsArg = 'l2,ip', twoArg = 'false'] = positional;
const rows = Number(rowsArg);
const nlist = Number(nlistArg);
const perCentroid = option('per-centroid');
const threads = option('threads');
const fullProbe = option('full-probe');
const fullPasses = option('full-passes');
const mixture = { rows, dim: 64, clusters: Math.round(rows / 200), spread: 0.6, seed: 7 };
const items = clusteredVectors(mixture, 'items');
const queries = clusteredVectors({ ...mixture, rows: 200 }, 'queries');
const lines = [
  `### IVF layouts at ${rows} × 64 (load average ${loadavg()[0]?.toFixed(1)} at the start)`,
  '',
  '| geometry | training | lists | largest | build s (CPU s) | recall ≥ 0.95 | ≥ 0.98 | ≥ 0.99 |',
  '|---|---|---:|---:|---:|---|---|---|',
];
for (const metric of metricsArg.split(',') as KmeansMetric[]) {
  for (const twoLevel of twoArg.split(',').map((s) => s === 'true')) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const ivf = await buildIvf(items, {
      nlist,
      maxListRows: rows,
      metric,
      seed: 5,
      twoLevel,
      ...(perCentroid === undefined ? {} : { samplePerCentroid: perCentroid }),
      ...(threads === undefined ? {} : { threads }),
      ...(fullProbe === undefined ? {} : { fullProbeGroups: fullProbe }),
      ...(fullPasses === undefined ? {} : { fullPasses }),
      onFallback: (why) => console.error(`workers unavailable: ${why}`),
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(c0);
    const cal = calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.95 });
    const at = (r: number) => {
      const p = cal.curve.findIndex((x) => x >= r);
      return p < 0
        ? 'not reached'
        : `nprobe ${p + 1} (${(100 * (cal.scannedCurve[p] as number)).toFixed(2)} %)`;
    };
    const largest = Math.max(...ivf.lists.map((l) => l.length));
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const line = `| ${metric} | ${twoLevel ? 'two-level' : 'flat'} | ${ivf.lists.length} | ${largest} | ${seconds.toFixed(1)} (${cpuS.toFixed(1)}) | ${at(0.95)} | ${at(0.98)} | ${at(0.99)} |`;
    console.error(line);
    lines.push(line);
  }
}
lines.push('');
console.log(lines.join('\n'));
if (argv.includes('--write-docs')) await writeSection(`index-layouts-${rows}`, lines.join('\n'));
