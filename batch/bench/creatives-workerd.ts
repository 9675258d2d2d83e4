/**
 * The workerd half of `npm run bench:creatives`, through wrangler's local dev API:
 * - the bench harnesses (edge/generator/bench/worker.ts: the generator loop, in the generator
 *   Worker's config; edge/creative/bench/worker.ts: the banner loops, in the creative Worker's),
 *   timed inside one request, so per-image times are not lost in workerd's millisecond clock;
 * - the local R2 bucket the real creative Worker reads (creatives-serving.ts times that Worker).
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getPlatformProxy, unstable_startWorker } from 'wrangler';
import { FASHION_CLASS_IDS } from '../src/data/fashion-mnist.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const CREATIVE_CONFIG = join(ROOT, 'infra/creative.wrangler.toml');
export const GENERATOR_CONFIG = join(ROOT, 'infra/generator.wrangler.toml');
/**
 * The bench's own wrangler dev registry: the creative Worker's GENERATOR binding finds the
 * generator Worker, started as its own workerd, through it (as two deployed Workers are two
 * isolates, each loaded on its own); kept apart from other local dev sessions' registry.
 */
export const REGISTRY = join(ROOT, 'var/bench/dev-registry');
export const DEV = {
  server: { hostname: '127.0.0.1', port: 0 },
  inspector: false,
  watch: false,
  logLevel: 'warn',
} as const;

/** The bench harness running one generator in local workerd. */
export interface Harness {
  /** Session creation in workerd, ms (the first one includes onnxruntime's backend init). */
  createMs: number;
  /** Mean ms per image over `n` single-image runs with seeds `seed`… */
  generate(n: number, seed: number): Promise<number>;
  /** Mean and median ms per banner of `size` (picture, layout, resvg), and the PNG's byte size. */
  compose(
    n: number,
    size: string,
    vary?: 'seed' | 'copy',
  ): Promise<{ ms: number; p50: number; min: number; bytes: number }>;
  dispose(): Promise<void>;
}

/** The slice of a (miniflare/undici) response the bench reads. */
interface BenchResponse {
  ok: boolean;
  status: number;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

async function json<T>(res: BenchResponse): Promise<T> {
  if (!res.ok) throw new Error(`bench worker answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** One bench harness Worker: `entry` with `config`'s compatibility and module rules. */
async function startBenchWorker(config: string, name: string, entry: string) {
  // Without a config, wrangler would pick up the recommend Worker's wrangler.toml from the cwd.
  const worker = await unstable_startWorker({
    config,
    name,
    entrypoint: join(ROOT, entry),
    sendMetrics: false,
    // The registry resolves the creative config's GENERATOR binding (to nothing: the banner
    // harness never calls it); workerd refuses a binding to a service it does not know.
    dev: { ...DEV, persist: false, registry: REGISTRY },
  });
  await worker.ready;
  return worker;
}

/**
 * Starts the bench harnesses in local workerd, the generator's with `onnx` loaded.
 *
 * @example
 * const h = await startHarness(onnx, 32);
 * const ms = await h.generate(100, 0);
 */
export async function startHarness(onnx: Uint8Array, noiseDim: number): Promise<Harness> {
  const generator = await startBenchWorker(
    GENERATOR_CONFIG,
    'vitrine-generator-bench',
    'edge/generator/bench/worker.ts',
  );
  // A harness that fails to start must not leave the other's workerd running (the bench would hang).
  const banners = await startBenchWorker(
    CREATIVE_CONFIG,
    'vitrine-creative-bench',
    'edge/creative/bench/worker.ts',
  ).catch(async (error: unknown) => {
    await generator.dispose();
    throw error;
  });
  const base = 'http://bench.local';
  const { createMs } = await json<{ createMs: number }>(
    await generator.fetch(
      `${base}/session?noiseDim=${noiseDim}&imageSize=28&classes=${FASHION_CLASS_IDS.join(',')}`,
      { method: 'POST', body: onnx },
    ),
  );
  const perItem = async (path: string) => {
    const r = await json<{ n: number; totalMs: number }>(await generator.fetch(`${base}${path}`));
    return r.totalMs / r.n;
  };
  return {
    createMs,
    generate: (n, seed) => perItem(`/generate?n=${n}&seed=${seed}`),
    compose: async (n, size, vary = 'seed') => {
      const res = await banners.fetch(`${base}/compose?n=${n}&size=${size}&vary=${vary}`);
      const r = await json<{ n: number; totalMs: number; bytes: number; samplesMs: number[] }>(res);
      const sorted = [...r.samplesMs].sort((a, b) => a - b);
      const p50 = sorted[sorted.length >> 1] ?? 0;
      return { ms: r.totalMs / r.n, p50, min: sorted[0] ?? 0, bytes: r.bytes };
    },
    dispose: async () => {
      await generator.dispose();
      await banners.dispose();
    },
  };
}

/** A started local Worker, as wrangler's `unstable_startWorker` hands it back. */
export type LocalWorker = Awaited<ReturnType<typeof unstable_startWorker>>;

/** The generator Worker over the bench bucket under `stateDir`, in the bench's registry. */
export async function startGeneratorWorker(stateDir: string): Promise<LocalWorker> {
  const worker = await unstable_startWorker({
    config: GENERATOR_CONFIG,
    sendMetrics: false,
    dev: { ...DEV, persist: stateDir, registry: REGISTRY },
  });
  await worker.ready;
  return worker;
}

/** Has the generator Worker build the session of `section` (what a served banner would do). */
export async function warmGenerator(worker: LocalWorker, section: unknown): Promise<void> {
  const res = await worker.fetch('http://generator.local/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ generator: section }),
  });
  if (!res.ok) throw new Error(`generator Worker answered ${res.status}: ${await res.text()}`);
}

interface Bucket {
  put(key: string, value: Uint8Array): Promise<unknown>;
}

/** Writes `objects` into the creative Worker's local R2 bucket persisted under `stateDir`. */
export async function seedBucket(stateDir: string, objects: Map<string, Uint8Array>): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
  // getPlatformProxy's path is the state directory itself; `dev.persist` gets its parent (+ v3).
  const proxy = await getPlatformProxy<{ BUCKET: Bucket }>({
    configPath: CREATIVE_CONFIG,
    persist: { path: join(stateDir, 'v3') },
  });
  try {
    for (const [key, bytes] of objects) await proxy.env.BUCKET.put(key, bytes);
  } finally {
    await proxy.dispose();
  }
}
