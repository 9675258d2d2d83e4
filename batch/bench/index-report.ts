/**
 * Markdown of `npm run bench:index`: one header section (method, machine) and one section per
 * dataset, each between its own markers in docs/benchmarks.md so partial runs (`--only`) update
 * only what they measured.
 */
import { type DatasetResult, recallWithin } from './index-measure.ts';
import { MACHINE, table, today } from './mf-report.ts';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const r3 = (x: number) => x.toFixed(3);
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

/** Slug for a dataset's section marker. */
export const sectionName = (r: DatasetResult): string =>
  `index-${r.name.split(' ')[0]?.toLowerCase()}-${r.rows}`;

export function renderHeader(): string {
  return [
    '## IVF index: recall@10 vs fraction scanned (bench:index)',
    '',
    `Command: \`npm run bench:index\` (\`-- --only 100k,1m,movielens\` for a subset). Machine: ${MACHINE}. Date: ${today()}.`,
    'Build times are wall seconds with CPU seconds in brackets: the machine was shared (load average',
    '≈ 19 on 2 cores), so CPU seconds are the better measure of what a build costs.',
    '',
    'Method: the default index (`vitrine index` defaults: k-means metric l2, 2√n lists or more so an average',
    'list fills half a 256 KiB shard, two-level k-means from 1024 lists up, lists above the shard budget',
    'split by 2-means) is built, every list',
    'is encoded in each storage dtype, and queries are answered by the reference IVF search over the',
    'encoded shards (route by q·centroid, scan `nprobe` lists, keep 4k candidates, exact f32 rerank',
    'where a rerank copy exists). Recall@10 is against exact brute-force top-10 over the same f32',
    'vectors. "scanned" = mean share of items in the probed lists. ms/query is the batch reference',
    'search in Node on one core (the edge scanner is measured by `bench:edge`). Synthetic data:',
    'clustered vectors (one cluster per 200 items, noise 0.6 of the centre norm, log-normal norms',
    'σ = 0.25), queries from the same mixture. MovieLens: iALS embeddings (64 factors, MfConfig',
    'defaults) of ml-latest-small; queries = all 610 user vectors.',
  ].join('\n');
}

/** One dataset's tables. */
export function renderDataset(r: DatasetResult): string {
  const f32 = r.dtypes.find((d) => d.label === 'f32');
  const shape = [
    `### ${r.name}`,
    '',
    `${r.rows.toLocaleString('en')} items, ${r.queries} queries. Build (${r.twoLevel ? 'two-level' : 'flat'} k-means on ≤ 64 rows per list + assignment + splits): ` +
      `**${r.kmeansSeconds.toFixed(1)} s** wall (${r.kmeansCpuSeconds.toFixed(1)} s CPU), **${r.lists} lists** (${r.splits} from splits, largest ${r.largestList} rows). ` +
      `Exact brute force: ${r.bruteForceMs.toFixed(2)} ms/query. Calibrated default nprobe for recall ≥ 0.95: ` +
      `**${r.calibration.nprobe}** (recall ${r3(r.calibration.recall)}, scanning ${pct(r.calibration.scanned)}).`,
    '',
    table(
      r.dtypes.map((d) => ({
        dtype: d.label,
        'shards (lists)': r.lists,
        'mean shard': kib(d.meanShardBytes),
        'largest shard': kib(d.maxShardBytes),
        'rerank copies': d.rerankBytes === 0 ? '—' : kib(d.rerankBytes / r.lists),
        'encode s': d.encodeSeconds.toFixed(1),
      })),
      ['dtype', 'shards (lists)', 'mean shard', 'largest shard', 'rerank copies', 'encode s'],
    ),
    '',
  ];
  const rows = (f32?.points ?? []).map((p, i) => {
    const row: Record<string, string | number> = { nprobe: p.nprobe, scanned: pct(p.scanned) };
    for (const d of r.dtypes) row[d.label] = r3(d.points[i]?.recall ?? Number.NaN);
    row['ms/query f32'] = p.ms.toFixed(2);
    row['ms/query int8+rerank'] = (
      r.dtypes.find((d) => d.label === 'int8+rerank')?.points[i]?.ms ?? Number.NaN
    ).toFixed(2);
    return row;
  });
  shape.push(
    'recall@10 by nprobe and storage dtype:',
    '',
    table(rows, [
      'nprobe',
      'scanned',
      ...r.dtypes.map((d) => d.label),
      'ms/query f32',
      'ms/query int8+rerank',
    ]),
  );
  if (r.variants.length > 0) {
    shape.push(
      '',
      'Layout choices (exact f32 recall@10 at the largest nprobe within each scan budget):',
      '',
      table(
        r.variants.map((v) => ({
          layout: v.label,
          lists: v.lists,
          'build s (CPU)': `${v.seconds.toFixed(1)} (${v.cpuSeconds.toFixed(1)})`,
          '≤ 1% scanned': r3(recallWithin(v.calibration, 0.01).recall),
          '≤ 2%': r3(recallWithin(v.calibration, 0.02).recall),
          '≤ 5%': r3(recallWithin(v.calibration, 0.05).recall),
          '≤ 10%': r3(recallWithin(v.calibration, 0.1).recall),
        })),
        ['layout', 'lists', 'build s (CPU)', '≤ 1% scanned', '≤ 2%', '≤ 5%', '≤ 10%'],
      ),
    );
  }
  return shape.join('\n');
}
