/**
 * Runs the recommend Worker on 127.0.0.1 the way `wrangler dev` does, for tests in Node:
 * widget.js is built, the Worker is bundled by esbuild (the bundler wrangler uses) and served by
 * Miniflare (wrangler's local runtime: workerd) with the bindings of the real wrangler.toml —
 * R2, the event-buffer Durable Objects, the rate limiter — plus var overrides. Unlike a
 * `wrangler dev` child process, this hands the test the R2 bucket itself, so the batch code can
 * read the events and publish models into the bucket the Worker serves. `stop()` disposes
 * Miniflare, which ends its workerd process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { buildWidget } from '../../../edge/widget/build.ts';
import { R2BlobStore, type R2Like } from './r2-blob-store.ts';

export interface LocalWorker {
  /** `http://127.0.0.1:<port>` */
  url: string;
  bucket: R2BlobStore;
  stop(): Promise<void>;
}

/** A port the OS reports free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Starts Miniflare on a port the OS reported free. The URL must be known before start (it goes
 * into the Worker's vars), so the port is picked first; another process on the machine (a
 * parallel test file's server) can take it in between: then another port is tried.
 */
async function listen(options: (url: string) => WorkerOptions[]): Promise<{ mf: Miniflare; url: string }> {
  for (let attempt = 1; ; attempt++) {
    const url = `http://127.0.0.1:${await freePort()}`;
    const mf = new Miniflare({ host: '127.0.0.1', port: Number(new URL(url).port), workers: options(url) });
    try {
      await mf.ready;
      return { mf, url };
    } catch (error) {
      await mf.dispose().catch(() => undefined);
      const inUse = (error as { code?: unknown }).code === 'ERR_ADDRESS_IN_USE';
      if (!inUse || attempt === 5) throw error;
    }
  }
}

/**
 * Starts the Worker. `vars(url)` returns var overrides once the URL is known (the page origin
 * that publishable keys must allow).
 *
 * @example
 * const worker = await startLocalWorker((url) => ({ PUBLISHABLE_KEYS: JSON.stringify({ pk_e2e_test: [url] }) }));
 */
export async function startLocalWorker(
  vars: (url: string) => Record<string, string> = () => ({}),
): Promise<LocalWorker> {
  await buildWidget();
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-worker-'));
  const script = join(dir, 'worker.mjs');
  await build({
    // The local-development entry: the production Worker plus the demo store's routes.
    entryPoints: ['edge/src/dev.ts'],
    outfile: script,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*', 'node:*'],
    // .wasm stays a separate module next to the bundle, imported as a compiled module the way
    // wrangler's default CompiledWasm rule does it (workerd cannot compile bytes at run time).
    loader: { '.txt': 'text', '.wasm': 'copy' },
    logLevel: 'silent',
  });
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const options = (url: string): WorkerOptions[] => [
    {
      ...workerOptions,
      name: 'vitrine-recommend',
      modules: true,
      scriptPath: script,
      modulesRoot: dir, // module names are paths relative to this; the default (cwd) would need ..
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      // Browser sessions here are random: all in the model arm unless a test turns the holdout on.
      bindings: { ...workerOptions.bindings, HOLDOUT_SHARE: '0', ...vars(url) },
      // The creative Worker is not part of these tests; a stand-in answers its binding with a 503.
      serviceBindings: { CREATIVES: 'vitrine-creative' },
    } as WorkerOptions,
    {
      name: 'vitrine-creative',
      modules: true,
      compatibilityDate: workerOptions.compatibilityDate,
      script:
        'export default { fetch: () => Response.json({ error: { kind: "unavailable" } }, { status: 503 }) };',
    },
  ];
  const { mf, url } = await listen(options);
  const bucket = new R2BlobStore((await mf.getR2Bucket('BUCKET')) as unknown as R2Like);
  return {
    url,
    bucket,
    async stop() {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
