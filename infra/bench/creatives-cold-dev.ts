/**
 * bench:creatives' "both Workers fresh" case the way `npm run demo` runs them locally: ONE
 * `wrangler dev` with the creative and the generator config (one workerd; the GENERATOR binding
 * goes straight to the generator Worker, not through wrangler's dev registry and a second
 * workerd). Both Workers run their deploy bundles (`wrangler deploy --dry-run`, made once before
 * the runs, as bench:edge:cold does for the recommend Worker): bundling is deploy-time work a
 * deployed Worker never pays, and a second esbuild would compete with the timed request.
 *
 * Per run: a fresh state folder (the seeded bucket copied in), `wrangler dev` spawned, `ready` =
 * spawn → wrangler's "Ready on" line (wrangler's own start, config, workerd process: local
 * development only), `first` = the first category banner from Node after that (workerd loading
 * both scripts and compiling their wasm, both isolates' first request, the generator's session).
 * The empty Worker is timed the same way, as the floor.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type FirstGenerated,
  sourceOf,
  untilGenerated,
} from '../../batch/bench/creatives-first-generated.ts';
import { CREATIVE_CONFIG, GENERATOR_CONFIG } from '../../batch/bench/creatives-workerd.ts';
import { bundleWorker, startWranglerDev } from '../local/wrangler-dev.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'var/bench/creatives-cold');

export interface DemoColdRun {
  /** Spawn → "Ready on". */
  readyMs: number;
  /** "Ready on" → the first banner's last byte. */
  firstMs: number;
  serverTiming: string;
  /** `X-Vitrine-Creative` of the first answer and its fallback reason (`generated`, `library (generator_slow)`). */
  source: string;
  /** With `untilGenerated`: when the first generated answer came ("Ready on" → its last byte). */
  generated?: FirstGenerated;
}

/** The deploy bundles of both Workers, and a generator config that runs its bundle as is. */
export interface DemoBundles {
  creative: string;
  generatorConfig: string;
}

/**
 * Bundles both Workers once; the generator's config copy points `main` at its bundle with
 * `no_bundle` (wrangler finds the wasm next to it by its default rules).
 */
export async function demoBundles(): Promise<DemoBundles> {
  const creative = await bundleWorker(CREATIVE_CONFIG, join(DIR, 'creative'));
  const generator = await bundleWorker(GENERATOR_CONFIG, join(DIR, 'generator'));
  const toml = (await readFile(GENERATOR_CONFIG, 'utf8')).replace(
    /^main = .*$/m,
    `main = ${JSON.stringify(generator)}\nno_bundle = true`,
  );
  const generatorConfig = join(DIR, 'generator.wrangler.toml');
  await writeFile(generatorConfig, toml);
  return { creative, generatorConfig };
}

async function freshState(seeded: string): Promise<string> {
  const state = join(DIR, 'state');
  await rm(state, { recursive: true, force: true });
  await cp(seeded, state, { recursive: true });
  return state;
}

/**
 * One cold run: both Workers fresh in one `wrangler dev` on `port`, the first banner at `path`
 * (with `untilGenerated`, asked again until an answer is generated, when the first is a stand-in).
 *
 * @example
 * const run = await timeDemoCold(await demoBundles(), stateDir, vars, '/v1/creatives/coat?seed=0', 18430);
 */
export async function timeDemoCold(
  bundles: DemoBundles,
  seeded: string,
  vars: Record<string, string>,
  path: string,
  port: number,
  options: { untilGenerated?: boolean } = {},
): Promise<DemoColdRun> {
  const persistTo = await freshState(seeded);
  const t0 = performance.now();
  const dev = await startWranglerDev({
    port,
    configPath: [CREATIVE_CONFIG, bundles.generatorConfig],
    bundled: bundles.creative,
    persistTo,
    vars: { CREATIVE_MAX_AGE_SECONDS: '0', ...vars },
    waitFor: 'ready',
  });
  try {
    const ask = async () => {
      const res = await fetch(`${dev.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
      await res.arrayBuffer();
      return res;
    };
    const t1 = performance.now();
    const res = await ask();
    const firstMs = performance.now() - t1;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    const generated = options.untilGenerated ? await untilGenerated(ask, res, t1) : undefined;
    return {
      readyMs: t1 - t0,
      firstMs,
      serverTiming: res.headers.get('server-timing') ?? '',
      source: sourceOf(res),
      ...(generated === undefined ? {} : { generated }),
    };
  } finally {
    await dev.stop();
  }
}

/** The floor: an empty Worker (creative's compatibility settings) started and asked the same way. */
export async function timeDemoEmpty(port: number): Promise<DemoColdRun> {
  const dir = join(DIR, 'empty');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.mjs'), "export default { fetch: () => new Response('ok') };\n");
  const config = join(dir, 'wrangler.toml');
  await writeFile(
    config,
    'name = "vitrine-bench-empty"\nmain = "index.mjs"\nno_bundle = true\ncompatibility_date = "2026-05-01"\ncompatibility_flags = ["nodejs_compat"]\n',
  );
  const t0 = performance.now();
  const dev = await startWranglerDev({
    port,
    configPath: config,
    persistTo: join(dir, 'state'),
    waitFor: 'ready',
  });
  try {
    const t1 = performance.now();
    const res = await fetch(`${dev.url}/`);
    await res.arrayBuffer();
    return { readyMs: t1 - t0, firstMs: performance.now() - t1, serverTiming: '', source: 'empty' };
  } finally {
    await dev.stop();
  }
}
