/**
 * `npm run bench:index:layouts -- <rows> <nlist> <metrics> <twoLevel values> [--write-docs]`:
 * the IVF layout table for inner-product search — k-means geometry ('l2', 'ip', 'cosine') ×
 * flat or two-level training, on the bench:edge mixture (clustered vectors, one cluster per 200
 * items, noise 0.6, 64 dims, 200 queries from the same mixture). Per layout: build seconds and
 * the nprobe (and fraction of rows scanned) at which recall@10 reaches 0.95, 0.98 and 0.99,
 * from `calibrateNprobe` (exact: a true top-10 item is found iff its list is probed).
 *
 *   npm run bench:index:layouts -- 100000 632 l2,ip,cosine false,true
 *   npm run bench:index:layouts -- 1000000 2534 ip true
 */
import { loadavg } from 'node:os';
import { calibrateNprobe } from '../src/index/calibrate.ts';
import { clusteredVectors } from '../src/index/clustered.ts';
import { buildIvf } from '../src/index/ivf.ts';
import type { KmeansMetric } from '../src/index/kmeans.ts';
import { writeSection } from './docs-section.ts';

const [rowsArg = '100000', nlistArg = '632', metricsArg = 'l2,ip', twoArg = 'false'] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'));
const rows = Number(rowsArg);
const nlist = Number(nlistArg);
const mixture = { rows, dim: 64, clusters: Math.round(rows / 200), spread: 0.6, seed: 7 };
const items = clusteredVectors(mixture, 'items');
const queries = clusteredVectors({ ...mixture, rows: 200 }, 'queries');
const lines = [
  `### IVF layouts at ${rows} × 64, ${nlist} lists (load average ${loadavg()[0]?.toFixed(1)} at the start)`,
  '',
  '| geometry | training | lists | largest | build s | recall ≥ 0.95 | ≥ 0.98 | ≥ 0.99 |',
  '|---|---|---:|---:|---:|---|---|---|',
];
for (const metric of metricsArg.split(',') as KmeansMetric[]) {
  for (const twoLevel of twoArg.split(',').map((s) => s === 'true')) {
    const t0 = performance.now();
    const ivf = buildIvf(items, { nlist, maxListRows: rows, metric, seed: 5, twoLevel });
    const seconds = (performance.now() - t0) / 1000;
    const cal = calibrateNprobe(items, ivf.centroids, ivf.lists, queries, { targetRecall: 0.95 });
    const at = (r: number) => {
      const p = cal.curve.findIndex((x) => x >= r);
      return p < 0
        ? 'not reached'
        : `nprobe ${p + 1} (${(100 * (cal.scannedCurve[p] as number)).toFixed(2)} %)`;
    };
    const largest = Math.max(...ivf.lists.map((l) => l.length));
    const line = `| ${metric} | ${twoLevel ? 'two-level' : 'flat'} | ${ivf.lists.length} | ${largest} | ${seconds.toFixed(1)} | ${at(0.95)} | ${at(0.98)} | ${at(0.99)} |`;
    console.error(line);
    lines.push(line);
  }
}
lines.push('');
console.log(lines.join('\n'));
if (process.argv.includes('--write-docs')) await writeSection(`index-layouts-${rows}`, lines.join('\n'));
