/**
 * The real creative Worker (infra/creative.wrangler.toml) over the bench's local R2 bucket, with
 * the generator Worker (infra/generator.wrangler.toml) behind its GENERATOR binding as a workerd
 * of its own, timed from Node over HTTP — cold and warm, category and item banners:
 * - cold: a fresh creative workerd (new isolate; wrangler compiles the Worker's wasm modules as
 *   workerd loads the script) and its first banner: `start` is wrangler's `ready`, `first` the
 *   request; wrangler resolves `ready` before workerd has loaded the script, so start + first is
 *   the cold time. The generator Worker is either warm (running, session built: another isolate
 *   served a generated banner before) or fresh too (started with the creative Worker: the first
 *   generated banner of a deployment);
 * - warm, on the same Worker afterwards: category banners of new seeds, item banners of
 *   different items (product photo; generator picture), and the same item again.
 * The colo cache is off (`CREATIVE_MAX_AGE_SECONDS=0`), so every request draws its banner; the
 * per-isolate frame cache (shared/src/creatives/frames.ts) stays on: a repeated copy is not
 * laid out again, which is what "same item" and category banners measure.
 * Besides wall time, each warm series reads workerd's CPU time (all its threads, from
 * /proc/<pid>/task/<tid>/schedstat): per request it is what the request costs on an idle core,
 * whatever the load (it includes the local dev proxy's routing of the request).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { CREATIVE_CONFIG, DEV, REGISTRY, startGeneratorWorker } from './creatives-workerd.ts';

/** A cold start of the empty Worker: the harness's own floor (wrangler dev, workerd, the proxy). */
export interface BaselineRun {
  startMs: number;
  firstMs: number;
  coldCpuMs: number;
}

export type ColdKind = 'category' | 'item-photo' | 'item-generated';

/** Whether the generator Worker was already running (`warm`) or started with the creative one. */
export type GeneratorStart = 'warm' | 'cold';

export interface WarmSeries {
  name: string;
  wallMs: number[];
  /** Sum of the Server-Timing phases per request (in-Worker, 1 ms clock). */
  serverMs: number[];
  /** workerd CPU ms per request (all threads). */
  cpuMsPerRequest: number;
  lastServerTiming: string;
}

export interface ServingRun {
  cold: ColdKind;
  generator: GeneratorStart;
  startMs: number;
  firstMs: number;
  firstServerTiming: string;
  /**
   * CPU ms from start to the first answer of the workerd processes started for this run (the
   * creative one; with a cold generator, its too), all threads (boot, wasm compile, request).
   */
  coldCpuMs: number;
  /** What the first answer drew (`X-Vitrine-Picture` / `X-Vitrine-Creative`). */
  firstSource: string;
  warm: WarmSeries[];
}

/** Paths of the bench store: `items` photo items and `items` items without a picture. */
export interface ServingPaths {
  category: (seed: number) => string;
  photoItem: (i: number) => string;
  generatedItem: (i: number) => string;
}

/** Descendant processes of this one named `name` (wrangler's workerd). */
function descendants(name: string): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
      if (p === process.pid) return true;
    return false;
  };
  return [...names].filter(([pid, n]) => n === name && isOurs(pid)).map(([pid]) => pid);
}

/** CPU ms used so far by the processes `pids`, all threads. */
function cpuMs(pids: readonly number[]): number {
  let ns = 0;
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // thread ended
      }
    }
  }
  return ns / 1e6;
}

const serverTotal = (header: string) =>
  [...header.matchAll(/dur=([0-9.]+)/g)].reduce((s, m) => s + Number(m[1]), 0);

/** Uncounted requests before each warm series. */
const WARM_UP = 3;
/** Uncounted requests after the cold one, before any series. */
const SETTLE = 10;

type Fetch = (path: string) => Promise<{ ms: number; headers: Headers; status: number }>;

async function series(fetchPath: Fetch, name: string, paths: string[], pids: number[]): Promise<WarmSeries> {
  const wallMs: number[] = [];
  const serverMs: number[] = [];
  let lastServerTiming = '';
  const cpu0 = cpuMs(pids);
  for (const path of paths) {
    const { ms, headers, status } = await fetchPath(path);
    if (status !== 200) throw new Error(`${path} answered ${status}`);
    wallMs.push(ms);
    lastServerTiming = headers.get('server-timing') ?? '';
    serverMs.push(serverTotal(lastServerTiming));
  }
  const cpuMsPerRequest = (cpuMs(pids) - cpu0) / paths.length;
  return { name, wallMs, serverMs, cpuMsPerRequest, lastServerTiming };
}

/**
 * Starts the Worker over `stateDir` with `vars` (and a fresh generator Worker with it when
 * `generator` is `cold`), times one cold request of kind `cold`, then `requests` warm requests
 * of each series (none when `requests` is 0).
 */
export async function timeServing(
  stateDir: string,
  vars: Record<string, string>,
  paths: ServingPaths,
  cold: ColdKind,
  requests: number,
  generator: GeneratorStart,
): Promise<ServingRun> {
  const bindings = Object.fromEntries(
    Object.entries({ CREATIVE_MAX_AGE_SECONDS: '0', ...vars }).map(([k, value]) => [
      k,
      { type: 'plain_text' as const, value },
    ]),
  );
  const before = new Set(descendants('workerd'));
  const t0 = performance.now();
  // One after the other: both configs live in infra/, and wrangler's concurrent bundles would
  // share (and clean up) one infra/.wrangler/tmp. Its ready comes before workerd has loaded the
  // script, so the generator's workerd still loads while the creative Worker starts.
  const fresh = generator === 'cold' ? await startGeneratorWorker(stateDir) : undefined;
  const worker = await unstable_startWorker({
    config: CREATIVE_CONFIG,
    sendMetrics: false,
    bindings,
    dev: { ...DEV, persist: stateDir, registry: REGISTRY },
  });
  try {
    await worker.ready;
    const startMs = performance.now() - t0;
    const fetchPath: Fetch = async (path) => {
      const t = performance.now();
      const res = await worker.fetch(`http://creative.local${path}`);
      await res.arrayBuffer();
      return { ms: performance.now() - t, headers: res.headers as unknown as Headers, status: res.status };
    };
    const coldPath =
      cold === 'category'
        ? paths.category(0)
        : cold === 'item-photo'
          ? paths.photoItem(0)
          : paths.generatedItem(0);
    const first = await fetchPath(coldPath);
    const firstSource = `${first.headers.get('x-vitrine-creative') ?? 'item'} / picture ${first.headers.get('x-vitrine-picture') ?? 'generated'}`;
    const coldCpuMs = cpuMs(descendants('workerd').filter((pid) => !before.has(pid)));
    const base = { cold, generator, startMs, firstMs: first.ms, coldCpuMs, firstSource };
    const firstServerTiming = first.headers.get('server-timing') ?? '';
    if (requests === 0) return { ...base, firstServerTiming, warm: [] };
    // Warm series count every workerd of the run: a generated banner costs the generator's CPU too.
    const pids = descendants('workerd');
    // Settle: V8 tiers up the hot wasm and JS of the first requests on background threads; these
    // uncounted requests keep that compile work out of the first series' CPU time.
    for (let i = 0; i < SETTLE; i++) {
      await fetchPath(paths.category(10_000 + i));
      await fetchPath(paths.generatedItem(requests + WARM_UP + 1 + (i % 3)));
    }
    // Each series starts with WARM_UP requests of its own kind that are not counted (the code
    // paths it takes are then compiled), on items the counted requests do not use.
    const range = (f: (i: number) => string, from: number) =>
      Array.from({ length: requests }, (_, i) => f(from + i));
    const run = async (name: string, f: (i: number) => string, same = false) => {
      for (let i = 0; i < WARM_UP; i++) await fetchPath(f(requests + 1 + i));
      return series(fetchPath, name, range(same ? () => f(1) : f, 1), pids);
    };
    const warm = [
      await run('category banner, new seed each', paths.category),
      await run('item banner (product photo), different items', paths.photoItem),
      await run('item banner (generator picture), different items', paths.generatedItem),
      await run('item banner (product photo), same item again', paths.photoItem, true),
      await run('item banner (generator picture), same item again', paths.generatedItem, true),
    ];
    return { ...base, firstServerTiming, warm };
  } finally {
    await worker.dispose();
    await fresh?.dispose();
  }
}

/**
 * The same cold start for a Worker that answers `ok` and does nothing else, with the creative
 * Worker's compatibility settings: what wrangler dev, a fresh workerd and the local proxy cost
 * before any of our code runs, so the creative Worker's cold time can be read against it.
 */
export async function timeEmptyWorker(dir: string): Promise<BaselineRun> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), "export default { fetch: () => new Response('ok') };\n");
  // A config file, as for the creative Worker (its compatibility settings, nothing bound).
  const config = join(dir, 'wrangler.toml');
  writeFileSync(
    config,
    'name = "vitrine-bench-empty"\nmain = "index.mjs"\ncompatibility_date = "2026-05-01"\ncompatibility_flags = ["nodejs_compat"]\n',
  );
  const before = new Set(descendants('workerd'));
  const t0 = performance.now();
  const worker = await unstable_startWorker({ config, sendMetrics: false, dev: { ...DEV, persist: false } });
  try {
    await worker.ready;
    const startMs = performance.now() - t0;
    const t1 = performance.now();
    const res = await worker.fetch('http://empty.local/');
    await res.arrayBuffer();
    const firstMs = performance.now() - t1;
    return { startMs, firstMs, coldCpuMs: cpuMs(descendants('workerd').filter((pid) => !before.has(pid))) };
  } finally {
    await worker.dispose();
  }
}
