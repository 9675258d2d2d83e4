/**
 * `npm run demo`: from a fresh clone to both running Workers in one command.
 *
 *   synthetic storefront → pipeline (iALS, IVF index, GAN, creative library, brand kit, publish)
 *   into .vitrine/demo/store → blobs loaded into the local R2 of `wrangler dev` → the recommend
 *   Worker on http://127.0.0.1:8787 and the creative Worker behind its `CREATIVES` service
 *   binding (one `wrangler dev` with both configs: one workerd, one local R2) → example URLs
 *   printed; Ctrl-C / SIGTERM / SIGHUP stop wrangler and its workerd children (their whole
 *   process group, at any point of the start-up: lifecycle.ts).
 *
 * Options: see USAGE (`npm run demo -- --help`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCurrent } from '../../batch/src/publish/read.ts';
import type { FsStore } from '../../batch/src/storage/index.ts';
import { STORE_NAMES, type StoreName } from '../../batch/src/synthetic/profiles.ts';
import { creativeExamples, creativeSmoke } from './creative-smoke.ts';
import { buildExamples, curlOf, smokeCheck } from './examples.ts';
import { installLifecycle } from './lifecycle.ts';
import { startDemoWorkers } from './workers.ts';

const USAGE = `npm run demo -- [options]

A synthetic shop → the real pipeline → local R2 → the recommend Worker with a demo store page.

  --store NAME    which shop: fashion (Fashion-MNIST pictures, EUR; default) or home
                  (home & electronics: 3-level tree of 290 categories, USD, drawn pictures)
  --smoke         call every example URL, report, and stop (exit 1 on failure)
  --fresh         rebuild the data and the model (else a published model is reused)
  --gan-preset P  GAN run when no generator is published yet: demo (minutes; default) or
                  tiny (seconds: proves the loop, the pictures are blobs)
  --port N        Worker port (default 8787)
  --items N       catalogue size (default 3000 for fashion, 20000 for home)
  --users N       shoppers (default 1500)
  --events N      events to generate (default 150000)
  --factors N     embedding dimensions (default 32)
  --dir D         where data, store and wrangler state live (default .vitrine/demo/<store>)
  --help          this text

By default data lives under .vitrine/demo/<store>/.`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      store: { type: 'string', default: 'fashion' },
      dir: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      'gan-preset': { type: 'string', default: 'demo' },
      port: { type: 'string', default: '8787' },
      items: { type: 'string' },
      users: { type: 'string', default: '1500' },
      events: { type: 'string', default: '150000' },
      factors: { type: 'string', default: '32' },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const int = (name: string, v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${v}`);
  return n;
};

function ganPreset(value: string | undefined): 'tiny' | 'demo' {
  if (value === 'tiny' || value === 'demo') return value;
  throw new Error(`--gan-preset must be tiny or demo, got ${value}`);
}

/** Smoke-checks (exit code) or prints the examples and keeps running (never resolves). */
async function serve(base: string, store: FsStore, smoke: boolean): Promise<number> {
  const current = await readCurrent(store);
  if (current === null) throw new Error('store lost its current manifest');
  const examples = await buildExamples(store, current.manifest);
  const creatives = await creativeExamples(store, current.manifest);
  if (smoke) {
    const api = await smokeCheck(base, examples);
    const session = examples.find((e) => e.method === 'POST')?.body as { items: string[] };
    const banners = await creativeSmoke(base, creatives, session.items);
    for (const line of [...api.lines, ...banners.lines]) say(line);
    const ok = api.ok && banners.ok;
    say(ok ? 'smoke check passed' : 'smoke check FAILED');
    return ok ? 0 : 1;
  }
  say(`\nModel ${current.manifest.version} is live. Demo store (click around): ${base}/demo\nTry:\n`);
  for (const example of examples) say(`# ${example.title}\n${curlOf(base, example)}\n`);
  for (const c of creatives) say(`# ${c.title}\ncurl -s -D - -o banner.png '${base}${c.path}'\n`);
  say('Ctrl-C stops the Workers.');
  return new Promise<number>(() => undefined); // run until a signal
}

async function main(): Promise<number> {
  const life = installLifecycle(say);
  const store = values.store as StoreName;
  if (!STORE_NAMES.includes(store))
    throw new Error(`--store must be one of ${STORE_NAMES.join(', ')}, got ${store}`);
  const demoDir = values.dir ?? join('.vitrine/demo', store);
  const shape = {
    store,
    items: int('items', values.items ?? (store === 'home' ? '20000' : '3000')),
    users: int('users', values.users),
    events: int('events', values.events),
    factors: int('factors', values.factors),
    ganPreset: ganPreset(values['gan-preset']),
  };
  const port = int('port', values.port);
  const { dev, store: model } = await startDemoWorkers({
    dir: demoDir,
    shape,
    port,
    fresh: values.fresh ?? false,
    say,
    onSpawn: (server) => {
      life.track(server);
      say(`wrangler spawned (wrangler-pid ${server.pid}, its own process group); waiting for it to answer…`);
    },
  });
  try {
    return life.shutdown(await serve(dev.url, model, values.smoke ?? false));
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return life.shutdown(1);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
