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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import { type FirstGenerated, sourceOf, untilGenerated } from './creatives-first-generated.ts';
import { cpuMs, descendants } from './creatives-processes.ts';
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
  /** What the first answer drew (`X-Vitrine-Creative` with its fallback reason / `X-Vitrine-Picture`). */
  firstSource: string;
  /** With `untilGenerated`: when the first generated answer came (ms after the first request began). */
  generated?: FirstGenerated;
  warm: WarmSeries[];
}

/** The cold request: its category banner's seed (default 0), and whether to ask until generated. */
export interface ColdOptions {
  seed?: number;
  untilGenerated?: boolean;
}

/** Paths of the bench store: `items` photo items and `items` items without a picture. */
export interface ServingPaths {
  category: (seed: number) => string;
  photoItem: (i: number) => string;
  generatedItem: (i: number) => string;
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

/** The warm series, each after WARM_UP uncounted requests of its kind (see timeServing). */
async function warmSeries(fetchPath: Fetch, paths: ServingPaths, requests: number): Promise<WarmSeries[]> {
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
  return [
    await run('category banner, new seed each', paths.category),
    await run('item banner (product photo), different items', paths.photoItem),
    await run('item banner (generator picture), different items', paths.generatedItem),
    await run('item banner (product photo), same item again', paths.photoItem, true),
    await run('item banner (generator picture), same item again', paths.generatedItem, true),
  ];
}

/**
 * Starts the Worker over `stateDir` with `vars` (and a fresh generator Worker with it when
 * `generator` is `cold`), times one cold request of kind `cold` (with `untilGenerated`, and
 * when that answer is a library stand-in, asks again until one is generated), then `requests`
 * warm requests of each series (none when `requests` is 0).
 */
export async function timeServing(
  stateDir: string,
  vars: Record<string, string>,
  paths: ServingPaths,
  cold: ColdKind,
  requests: number,
  generator: GeneratorStart,
  options: ColdOptions = {},
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
        ? paths.category(options.seed ?? 0)
        : cold === 'item-photo'
          ? paths.photoItem(0)
          : paths.generatedItem(0);
    const tFirst = performance.now();
    const first = await fetchPath(coldPath);
    const firstSource = `${first.headers.has('x-vitrine-creative') ? sourceOf(first) : 'item'} / picture ${first.headers.get('x-vitrine-picture') ?? 'generated'}`;
    const coldCpuMs = cpuMs(descendants('workerd').filter((pid) => !before.has(pid)));
    const base = { cold, generator, startMs, firstMs: first.ms, coldCpuMs, firstSource };
    const firstServerTiming = first.headers.get('server-timing') ?? '';
    const generated = options.untilGenerated
      ? await untilGenerated(() => fetchPath(coldPath), first, tFirst)
      : undefined;
    const warm = requests === 0 ? [] : await warmSeries(fetchPath, paths, requests);
    return { ...base, firstServerTiming, ...(generated === undefined ? {} : { generated }), warm };
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
