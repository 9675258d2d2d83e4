/**
 * Measurements of `npm run bench:index` for one dataset (item vectors + query vectors): build
 * time and shape of the default IVF index, recall@10 against exact brute force per nprobe for
 * every storage dtype (searching the encoded shards, as the edge does), and exact recall curves
 * of alternative layouts (list count, k-means metric) from `calibrateNprobe`.
 */
import { type Calibration, calibrateNprobe } from '../src/index/calibrate.ts';
import { autoNlist, buildIvf, type IvfPartition } from '../src/index/ivf.ts';
import type { Matrix } from '../src/index/kernels.ts';
import type { KmeansMetric } from '../src/index/kmeans.ts';
import { encodeList, maxIdBytes, maxRowsPerShard } from '../src/index/quantize.ts';
import { exactTopIds, IvfSearcher, recallOf } from '../src/index/search.ts';

export interface Dataset {
  name: string;
  items: Matrix;
  ids: string[];
  queries: Matrix;
}

export const DTYPES = [
  { label: 'f32', dtype: 'f32', rerank: false },
  { label: 'f16+rerank', dtype: 'f16', rerank: true },
  { label: 'int8', dtype: 'int8', rerank: false },
  { label: 'int8+rerank', dtype: 'int8', rerank: true },
] as const;

export interface DtypeResult {
  label: string;
  encodeSeconds: number;
  meanShardBytes: number;
  maxShardBytes: number;
  /** Bytes of the f32 rerank copies (0 without). */
  rerankBytes: number;
  /** Per probed nprobe: recall@10, scanned fraction, ms per query (Node, one core). */
  points: { nprobe: number; recall: number; scanned: number; ms: number }[];
}

export interface DatasetResult {
  name: string;
  rows: number;
  dim: number;
  queries: number;
  lists: number;
  splits: number;
  largestList: number;
  kmeansSeconds: number;
  kmeansCpuSeconds: number;
  twoLevel: boolean;
  bruteForceMs: number;
  calibration: Calibration;
  dtypes: DtypeResult[];
  variants: { label: string; lists: number; seconds: number; cpuSeconds: number; calibration: Calibration }[];
}

const sec = (t0: number) => (performance.now() - t0) / 1000;
const query = (q: Matrix, i: number) => q.data.subarray(i * q.dim, (i + 1) * q.dim);

/** The nprobe values to sweep: powers of two up to `max`, plus the calibrated ones. */
export function probeValues(lists: number, max: number, extra: number[]): number[] {
  const set = new Set<number>(extra.filter((p) => p <= lists));
  for (let p = 1; p <= Math.min(lists, max); p *= 2) set.add(p);
  return [...set].sort((a, b) => a - b);
}

async function buildDefault(
  d: Dataset,
  metric: KmeansMetric,
  nlist: number,
  twoLevel?: boolean,
): Promise<Built> {
  const maxListRows = maxRowsPerShard(256 * 1024, d.items.dim, 'f32', maxIdBytes(d.ids), false);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ivf = await buildIvf(d.items, {
    nlist,
    maxListRows,
    metric,
    seed: 42,
    ...(twoLevel === undefined ? {} : { twoLevel }),
  });
  const cpu = process.cpuUsage(c0);
  // CPU time next to wall time: the machine is shared, and CPU seconds are what the build costs
  // (process-wide, so worker threads' time counts too).
  return { ivf, seconds: sec(t0), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

interface Built {
  ivf: IvfPartition;
  seconds: number;
  cpuSeconds: number;
}

/** Recall, scan fraction and Node ms/query of the encoded lists of one storage dtype. */
function measureDtype(
  d: Dataset,
  ivf: IvfPartition,
  spec: (typeof DTYPES)[number],
  probes: number[],
  truth: string[][],
): DtypeResult {
  const t0 = performance.now();
  const blobs = ivf.lists.map((rows) => encodeList(d.ids, d.items, rows, spec.dtype, spec.rerank));
  const encodeSeconds = sec(t0);
  const sizes = blobs.map((b) => b.shard.length);
  const searcher = new IvfSearcher(ivf.centroids, blobs);
  const points = probes.map((nprobe) => {
    let recall = 0;
    let scanned = 0;
    const q0 = performance.now();
    for (let q = 0; q < d.queries.rows; q++) {
      const r = searcher.search(query(d.queries, q), { k: 10, nprobe, rerankFactor: 4 });
      recall += recallOf(
        r.hits.map((h) => h.id),
        truth[q] as string[],
      );
      scanned += r.scanned;
    }
    const ms = (performance.now() - q0) / d.queries.rows;
    return { nprobe, recall: recall / d.queries.rows, scanned: scanned / d.queries.rows / d.items.rows, ms };
  });
  return {
    label: spec.label,
    encodeSeconds,
    meanShardBytes: sizes.reduce((a, b) => a + b, 0) / sizes.length,
    maxShardBytes: Math.max(...sizes),
    rerankBytes: blobs.reduce((n, b) => n + (b.rerank?.length ?? 0), 0),
    points,
  };
}

/** Exact recall curves of alternative layouts (list count, k-means metric, trainer). */
async function measureVariants(
  d: Dataset,
  base: Built,
  log: (s: string) => void,
): Promise<DatasetResult['variants']> {
  const sqrtN = autoNlist(d.items.rows, Number.POSITIVE_INFINITY) / 2;
  const two = base.ivf.twoLevel;
  const layouts: [string, KmeansMetric, number, boolean | undefined][] = [
    ['l2, √n lists', 'l2', Math.round(sqrtN), undefined],
    ['l2, default lists (default)', 'l2', 0, undefined],
    [`l2, default lists, ${two ? 'flat' : 'two-level'} k-means`, 'l2', 0, !two],
    ['l2, 4√n lists', 'l2', Math.round(4 * sqrtN), undefined],
    ['ip (spherical, FAISS IVF-IP), default lists', 'ip', 0, undefined],
    ['cosine, default lists', 'cosine', 0, undefined],
  ];
  const variants: DatasetResult['variants'] = [];
  for (const [label, metric, nlist, twoLevel] of layouts) {
    const v = label.endsWith('(default)') ? base : await buildDefault(d, metric, nlist, twoLevel);
    variants.push({
      label: `${label}${v.ivf.twoLevel && !label.includes('two-level') ? ' [two-level]' : ''}`,
      lists: v.ivf.lists.length,
      seconds: v.seconds,
      cpuSeconds: v.cpuSeconds,
      calibration: calibrateNprobe(d.items, v.ivf.centroids, v.ivf.lists, d.queries),
    });
    log(`[${d.name}] variant ${label}: ${v.ivf.lists.length} lists`);
  }
  return variants;
}

/**
 * Runs every measurement on `d`; `maxProbe` bounds the sweep, `variants` adds layout rows.
 *
 * @example
 * const r = await measureDataset(ds, { maxProbe: 64, variants: true, log: console.log });
 */
export async function measureDataset(
  d: Dataset,
  options: { maxProbe: number; variants: boolean; log: (s: string) => void },
): Promise<DatasetResult> {
  const { log } = options;
  log(`[${d.name}] building IVF (${d.items.rows} × ${d.items.dim})…`);
  const base = await buildDefault(d, 'l2', 0);
  const { ivf, seconds, cpuSeconds } = base;
  log(
    `[${d.name}] ${ivf.lists.length} lists in ${seconds.toFixed(1)} s (${ivf.kmeansIterations} k-means iterations); exact top-10 for ${d.queries.rows} queries…`,
  );
  const t0 = performance.now();
  const truth = Array.from({ length: d.queries.rows }, (_, q) =>
    exactTopIds(query(d.queries, q), d.items, d.ids, 10),
  );
  const bruteForceMs = (performance.now() - t0) / d.queries.rows;
  const calibration = calibrateNprobe(d.items, ivf.centroids, ivf.lists, d.queries, { targetRecall: 0.95 });
  const at98 = calibration.curve.findIndex((r) => r >= 0.98) + 1 || ivf.lists.length;
  const probes = probeValues(ivf.lists.length, options.maxProbe, [calibration.nprobe, at98]);
  const dtypes = DTYPES.map((spec) => {
    const r = measureDtype(d, ivf, spec, probes, truth);
    log(
      `[${d.name}] ${spec.label}: ${r.points.map((p) => `np${p.nprobe}=${p.recall.toFixed(3)}`).join(' ')}`,
    );
    return r;
  });
  return {
    name: d.name,
    rows: d.items.rows,
    dim: d.items.dim,
    queries: d.queries.rows,
    lists: ivf.lists.length,
    splits: ivf.splits,
    largestList: Math.max(...ivf.lists.map((l) => l.length)),
    kmeansSeconds: seconds,
    kmeansCpuSeconds: cpuSeconds,
    twoLevel: ivf.twoLevel,
    bruteForceMs,
    calibration,
    dtypes,
    variants: options.variants ? await measureVariants(d, base, log) : [],
  };
}

/** Recall at the largest nprobe whose mean scan fraction stays within `budget`. */
export function recallWithin(c: Calibration, budget: number): { recall: number; nprobe: number } {
  let best = { recall: 0, nprobe: 0 };
  for (let p = 1; p <= c.curve.length; p++) {
    if ((c.scannedCurve[p - 1] as number) > budget) break;
    best = { recall: c.curve[p - 1] as number, nprobe: p };
  }
  return best;
}
