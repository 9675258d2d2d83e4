/**
 * The demo's start-up, shared by `npm run demo` and the creatives e2e test: published demo data
 * (data.ts) and the store page's assets → the local R2 of `wrangler dev` → one `wrangler dev`
 * running the three Workers (the recommend Worker on `port`, the creative Worker behind its
 * `CREATIVES` service binding, the generator Worker behind the creative Worker's `GENERATOR`;
 * one workerd, one local R2), bound to 127.0.0.1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FsStore } from '../../batch/src/storage/index.ts';
import { loadIntoLocalR2 } from '../local/local-r2.ts';
import { type DevServer, startWranglerDev } from '../local/wrangler-dev.ts';
import { type DemoShape, prepareData } from './data.ts';
import { DEMO_USER_TOKEN_SECRET } from './examples.ts';
import { ensureStorefrontAssets } from './storefront.ts';

/**
 * The recommend Worker (served on the port) first, then the creative Worker it binds to, then the
 * generator Worker the creative Worker binds to.
 */
export const DEMO_CONFIGS = [
  'wrangler.toml',
  'infra/creative.wrangler.toml',
  'infra/generator.wrangler.toml',
] as const;

/**
 * The creative Worker's config with this demo's `PICTURE_HOSTS`, written to `<dir>`: wrangler's
 * `--var` reaches only the first Worker of a multi-config dev session, so the creative Worker's
 * var is set in a copy of its config (`main` made absolute, the rest unchanged).
 */
async function creativeConfig(dir: string, pictureHosts: string): Promise<string> {
  const source = await readFile(DEMO_CONFIGS[1], 'utf8');
  const main = resolve(dirname(DEMO_CONFIGS[1]), '../edge/creative/index.ts');
  const text = source
    .replace(/^main = .*$/m, `main = ${JSON.stringify(main)}`)
    .replace(/^PICTURE_HOSTS = .*$/m, `PICTURE_HOSTS = ${JSON.stringify(pictureHosts)}`);
  if (!text.includes(main) || !text.includes(`PICTURE_HOSTS = ${JSON.stringify(pictureHosts)}`))
    throw new Error(`${DEMO_CONFIGS[1]} has no main or PICTURE_HOSTS line to set`);
  const path = join(dir, 'creative.wrangler.toml');
  await writeFile(path, text);
  return path;
}

export interface DemoWorkers {
  dev: DevServer;
  store: FsStore;
}

export interface DemoStart {
  dir: string;
  shape: DemoShape;
  port: number;
  fresh: boolean;
  say: (line: string) => void;
  /** Called as soon as wrangler is spawned (stop it on a signal). */
  onSpawn?: (server: DevServer) => void;
  /** wrangler's output (the Workers' log lines); default: discarded. */
  onOutput?: (chunk: string) => void;
}

/**
 * Builds (or reuses) the demo data and starts the Workers.
 *
 * @example
 * const { dev, store } = await startDemoWorkers({ dir, shape, port: 18410, fresh: false, say });
 * await dev.stop();
 */
export async function startDemoWorkers(o: DemoStart): Promise<DemoWorkers> {
  const data = await prepareData(o.dir, o.shape, o.fresh, o.say);
  await ensureStorefrontAssets(o.dir, data.store, o.say);
  const persistTo = join(o.dir, 'wrangler-state');
  const loaded = await loadIntoLocalR2(data.store, persistTo, DEMO_CONFIGS[0]);
  o.say(
    `loaded ${loaded.objects} objects (${(loaded.bytes / 1024).toFixed(0)} KiB) into local R2 in ${loaded.seconds.toFixed(1)} s`,
  );
  o.say('starting wrangler dev (recommend, creative and generator Workers)…');
  const t0 = performance.now();
  // The demo's publishable key, allowed for this port's origins (wrangler.toml has no key: the
  // demo key must not deploy); the creative Worker may fetch the demo store's product pictures,
  // served on this port.
  const hosts = [`127.0.0.1:${o.port}`, `localhost:${o.port}`];
  const vars = {
    PUBLISHABLE_KEYS: JSON.stringify({ pk_demo_vitrine: hosts.map((h) => `http://${h}`) }),
    USER_TOKEN_SECRET: DEMO_USER_TOKEN_SECRET,
  };
  const dev = await startWranglerDev({
    port: o.port,
    persistTo,
    configPath: [DEMO_CONFIGS[0], await creativeConfig(o.dir, hosts.join(',')), DEMO_CONFIGS[2]],
    // The production Worker plus the /demo routes (edge/src/dev.ts); wrangler.toml deploys without them.
    script: 'edge/src/dev.ts',
    vars,
    onSpawn: o.onSpawn,
    onOutput: o.onOutput,
  });
  o.say(`Workers up at ${dev.url} (pid ${dev.pid}) after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { dev, store: data.store };
}
