/**
 * `npm run demo`: from a fresh clone to a running recommend Worker in one command.
 *
 *   synthetic storefront → pipeline (iALS, IVF index, publish) into .vitrine/demo/store →
 *   blobs loaded into the local R2 of `wrangler dev` → Worker on http://127.0.0.1:8787 →
 *   example URLs printed; Ctrl-C / SIGTERM / SIGHUP stop wrangler and its workerd children
 *   (their whole process group, at any point of the start-up: lifecycle.ts).
 *
 * Options: see USAGE (`npm run demo -- --help`).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCurrent } from '../../batch/src/publish/read.ts';
import { STORE_NAMES, type StoreName } from '../../batch/src/synthetic/profiles.ts';
import { loadIntoLocalR2 } from '../local/local-r2.ts';
import { startWranglerDev } from '../local/wrangler-dev.ts';
import { prepareData } from './data.ts';
import { buildExamples, curlOf, DEMO_USER_TOKEN_SECRET, smokeCheck } from './examples.ts';
import { installLifecycle } from './lifecycle.ts';
import { ensureStorefrontAssets } from './storefront.ts';

const CONFIG = 'wrangler.toml';

const USAGE = `npm run demo -- [options]

A synthetic shop → the real pipeline → local R2 → the recommend Worker with a demo store page.

  --store NAME    which shop: fashion (Fashion-MNIST pictures, EUR; default) or home
                  (home & electronics: 3-level tree of 290 categories, USD, drawn pictures)
  --smoke         call every example URL, report, and stop (exit 1 on failure)
  --fresh         rebuild the data and the model (else a published model is reused)
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
  };
  const port = int('port', values.port);
  const data = await prepareData(demoDir, shape, values.fresh ?? false, say);
  await ensureStorefrontAssets(demoDir, data.store, say);
  const persistTo = join(demoDir, 'wrangler-state');
  const loaded = await loadIntoLocalR2(data.store, persistTo, CONFIG);
  say(
    `loaded ${loaded.objects} objects (${(loaded.bytes / 1024).toFixed(0)} KiB) into local R2 in ${loaded.seconds.toFixed(1)} s`,
  );

  say('starting wrangler dev…');
  const t0 = performance.now();
  // The demo's publishable key, allowed for this port's origins (wrangler.toml has no key: the
  // demo key must not deploy).
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const vars = {
    PUBLISHABLE_KEYS: JSON.stringify({ pk_demo_vitrine: origins }),
    USER_TOKEN_SECRET: DEMO_USER_TOKEN_SECRET,
  };
  const dev = await startWranglerDev({
    port,
    persistTo,
    configPath: CONFIG,
    // The production Worker plus the /demo routes (edge/src/dev.ts); wrangler.toml deploys without them.
    script: 'edge/src/dev.ts',
    vars,
    onSpawn: (server) => {
      life.track(server);
      say(`wrangler spawned (wrangler-pid ${server.pid}, its own process group); waiting for it to answer…`);
    },
  });
  say(`Worker up at ${dev.url} (pid ${dev.pid}) after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  try {
    const current = await readCurrent(data.store);
    if (current === null) throw new Error('store lost its current manifest');
    const examples = await buildExamples(data.store, current.manifest);
    if (values.smoke) {
      const { ok, lines } = await smokeCheck(dev.url, examples);
      for (const line of lines) say(line);
      say(ok ? 'smoke check passed' : 'smoke check FAILED');
      return life.shutdown(ok ? 0 : 1);
    }
    say(`\nModel ${current.manifest.version} is live. Demo store (click around): ${dev.url}/demo\nTry:\n`);
    for (const example of examples) say(`# ${example.title}\n${curlOf(dev.url, example)}\n`);
    say('Ctrl-C stops the Worker.');
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return life.shutdown(1);
  }
  return new Promise<number>(() => undefined); // run until a signal
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
