/**
 * Per-query compute time in workerd: the bench Worker (infra/bench/worker) runs the recommend
 * Worker's `search()` over a published store in its local R2 bucket. Every timed request follows
 * a warm-up request over the same queries, so shards are decoded and in the isolate LRU, and
 * runs `PASSES` passes over them (one pass is noisy: JIT, GC, other engineers' load): the time
 * is routing + scan + merge. nprobe is raised until recall@10 (against Node's exact top-10)
 * reaches the highest target (0.99) or every list is probed; the rows scanned are the ones the
 * search counted. Brute force is the same search with every list probed.
 */
import { join } from 'node:path';
import { bundleWorker, startWranglerDev } from '../local/wrangler-dev.ts';
import { bucketState } from './edge-config.ts';
import type { BenchDataset } from './edge-data.ts';
import { meanRecall } from './edge-peers.ts';

export interface WorkerdPoint {
  nprobe: number;
  recall: number;
  /**
   * ms per query of the timed passes' loops inside workerd (clock read once per pass): the
   * search alone, compared with FAISS's per-query time.
   */
  loopMs: number;
  /** Mean and median ms per query measured inside workerd around each search (1 ms clock steps). */
  meanMs: number;
  p50Ms: number;
  /** Wall ms per query seen from Node for the timed batch (one HTTP round trip amortised). */
  wallMs: number;
  /** Fraction of items scanned (rows counted by the search, mean over queries). */
  scanned: number;
}

/** Timed passes over the queries per measurement (after one warm-up request). */
export const PASSES = 10;

export interface WorkerdResult {
  lists: number;
  points: WorkerdPoint[];
  chosen: WorkerdPoint | null;
  bruteForce: WorkerdPoint | null;
  bruteForceError?: string;
  /** Which scan kernel the Worker ran ('wasm-simd' or 'js'). */
  kernel: string;
}

interface SearchReply {
  ms: number[];
  loopMs: number;
  ids: string[][];
  probed: number[];
  scanned: number[];
  kernel: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
};

async function post(
  url: string,
  queries: string,
  nprobe: number,
  passes: number,
): Promise<{ reply: SearchReply; wall: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/bench/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ queries, k: 10, nprobe, passes }),
    signal: AbortSignal.timeout(3_600_000),
  });
  const wall = performance.now() - t0;
  if (!res.ok) throw new Error(`bench worker answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return { reply: (await res.json()) as SearchReply, wall };
}

/** The bench Worker's shard cache: the production default SHARD_CACHE_MAX_BYTES (48 MiB). */
const BENCH_CACHE_BYTES = 48 * 1024 * 1024;

/**
 * Lists one warm-up request may load at most. At 1M a chunk that filled the cache (~900 lists,
 * 1,800 reads) kept the isolate busy 11–14 s on the loaded 2-core machine, and wrangler dev then
 * answered the next request "Your worker restarted mid-request" (twice, at nprobe 9 and 21; the
 * same requests took ~1.5 s on a quieter machine and passed). No production request loads more
 * than its own nprobe lists.
 */
const MAX_LISTS_PER_REQUEST = 256;

/**
 * Queries per warm-up + timed request pair: as many as keep every list they touch in the
 * shard cache at once (LRU charge: shard bytes + ids, metadata ×3), so a 1M index (266 MB of
 * lists) is measured warm without the isolate holding all of it, as in production.
 */
function chunkSize(ds: BenchDataset, nprobe: number): number {
  const lists = ds.manifest.items.index.lists;
  const perList = lists.reduce((n, l) => n + 1.1 * l.shard.size + 3 * l.metadata.size, 0) / lists.length;
  const fits = Math.floor(BENCH_CACHE_BYTES / (1.25 * nprobe * perList));
  return Math.max(1, Math.min(ds.queries.rows, fits, Math.floor(MAX_LISTS_PER_REQUEST / nprobe)));
}

async function runSearch(
  url: string,
  ds: BenchDataset,
  nprobe: number,
  truth: Int32Array[],
): Promise<WorkerdPoint & { kernel: string }> {
  const dim = ds.queries.dim;
  const replies: SearchReply[] = [];
  let wall = 0;
  const chunk = chunkSize(ds, nprobe);
  for (let from = 0; from < ds.queries.rows; from += chunk) {
    const q = ds.queries.data.subarray(from * dim, Math.min(ds.queries.rows, from + chunk) * dim);
    const queries = Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');
    await post(url, queries, nprobe, 1); // warm-up: loads and verifies the lists these queries touch
    const timed = await post(url, queries, nprobe, PASSES);
    replies.push(timed.reply);
    wall += timed.wall;
  }
  const reply = {
    ms: replies.flatMap((r) => r.ms),
    // Chunks differ in size (the last one): weight each by its queries.
    loopMs: replies.reduce((n, r) => n + r.loopMs * r.ms.length, 0) / Math.max(1, ds.queries.rows),
    ids: replies.flatMap((r) => r.ids),
    scanned: replies.flatMap((r) => r.scanned),
    kernel: replies[0]?.kernel ?? 'none',
  };
  const rowOf = (id: string) => Number(id.slice('sku-'.length));
  const recall = meanRecall(
    reply.ids.map((ids) => ids.map(rowOf)),
    truth,
  );
  const meanScanned = reply.scanned.reduce((a, b) => a + b, 0) / Math.max(1, reply.scanned.length);
  return {
    nprobe,
    recall,
    loopMs: reply.loopMs,
    meanMs: reply.ms.reduce((a, b) => a + b, 0) / reply.ms.length,
    p50Ms: median(reply.ms),
    wallMs: wall / (reply.ms.length * PASSES),
    scanned: meanScanned / ds.rows,
    kernel: reply.kernel,
  };
}

/** The sweep stops at the first nprobe reaching this recall@10. */
export const SWEEP_UNTIL = 0.99;

/** 1, 2, 3, 4, 6, 8, 12, 16, 24, … (×1.5 steps), ending with every list. */
export function probeSweep(lists: number): number[] {
  const out: number[] = [];
  for (let p = 1; p < lists; p = p < 4 ? p + 1 : Math.ceil(p * 1.5)) out.push(p);
  out.push(lists);
  return out;
}

/**
 * Starts the bench Worker on `ds`'s store in its local R2 bucket (`bucketState`: the Worker
 * reads through the `BUCKET` binding) and measures IVF (nprobe sweep) and brute force.
 *
 * @example
 * const w = await measureInWorkerd(ds, 'var/bench-edge/100k', exact.truth, 0.95, 8788, console.error);
 */
export async function measureInWorkerd(
  ds: BenchDataset,
  dir: string,
  truth: Int32Array[],
  target: number,
  port: number,
  log: (s: string) => void,
): Promise<WorkerdResult> {
  const configPath = 'infra/bench/worker/wrangler.toml';
  // One folder per port: wrangler dev watches the script it runs, and another bench bundling into
  // the same folder made it reload this Worker mid-sweep (a POST in flight then gets a 503).
  const bundled = await bundleWorker(configPath, join('var', 'bench-edge', `bundle-bench-worker-${port}`));
  // wrangler's and workerd's own output, shown when a request fails: a restarted isolate
  // (memory, a crash, a reload) says why only there.
  let output = '';
  const dev = await startWranglerDev({
    port,
    configPath,
    bundled,
    persistTo: await bucketState(ds, join(dir, 'wrangler-state-r2-bench'), configPath, log),
    vars: { BLOB_ORIGIN: 'r2' },
    onOutput: (text) => {
      output = (output + text).slice(-6000);
    },
  });
  try {
    const lists = ds.manifest.items.index.lists.length;
    // JIT warm-up: the first timed configuration must not pay for compiling the scan.
    const { kernel } = await runSearch(dev.url, ds, Math.min(8, lists), truth);
    const points: WorkerdPoint[] = [];
    let chosen: WorkerdPoint | null = null;
    for (const nprobe of probeSweep(lists)) {
      const point = await runSearch(dev.url, ds, nprobe, truth);
      points.push(point);
      log(
        `[${ds.name}] workerd IVF nprobe=${nprobe}: recall ${point.recall.toFixed(3)}, ${point.loopMs.toFixed(4)} ms/query in the isolate (${point.wallMs.toFixed(3)} from Node), ${(100 * point.scanned).toFixed(2)} % scanned`,
      );
      if (chosen === null && point.recall >= target) chosen = point;
      if (point.recall >= SWEEP_UNTIL) break;
    }
    let bruteForce: WorkerdPoint | null = null;
    let bruteForceError: string | undefined;
    const listBytes = ds.manifest.items.index.lists.reduce(
      (n, l) => n + 1.1 * l.shard.size + 3 * l.metadata.size,
      0,
    );
    if (listBytes > BENCH_CACHE_BYTES) {
      // Every list of every query warm at once needs the whole index in one isolate.
      bruteForceError = `not run: the lists take ${(listBytes / 2 ** 20).toFixed(0)} MiB decoded, more than the shard cache (${BENCH_CACHE_BYTES / 2 ** 20} MiB; an isolate has 128 MB)`;
      log(`[${ds.name}] workerd brute force ${bruteForceError}`);
    } else {
      try {
        bruteForce = await runSearch(dev.url, ds, lists, truth);
        log(
          `[${ds.name}] workerd brute force: recall ${bruteForce.recall.toFixed(3)}, ${bruteForce.meanMs.toFixed(2)} ms/query`,
        );
      } catch (error) {
        bruteForceError = error instanceof Error ? error.message : String(error);
        log(`[${ds.name}] workerd brute force failed: ${bruteForceError}`);
      }
    }
    return {
      lists,
      kernel,
      points,
      chosen,
      bruteForce,
      ...(bruteForceError === undefined ? {} : { bruteForceError }),
    };
  } catch (error) {
    log(`[${ds.name}] the bench Worker's last output:\n${output}`);
    throw error;
  } finally {
    await dev.stop();
  }
}
