/**
 * Three test projects, each running where its code runs:
 * - `node`: shared/ and batch/ (tests/shared, tests/batch) in Node, and tests/e2e, which start
 *   the Worker locally (Miniflare) and drive it from Node and Chromium;
 * - `edge`: edge/ (tests/edge) inside workerd through the Workers Vitest pool,
 *   with bindings taken from the real wrangler.toml;
 * - `creative`: the creative Worker (edge/creative, tests/creative) in workerd, with its own
 *   infra/creative.wrangler.toml, and the generator Worker (edge/generator, which alone loads the
 *   14 MB ORT wasm) behind its real `GENERATOR` service binding.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { generatorWorkerOptions } from './tests/fixtures/generator-worker/worker.ts';

/**
 * What the edge project's `CREATIVES` service binding reaches: a test double that echoes the
 * request it was handed (method, URL, a few headers) and answers with the status asked for in
 * `?status=`. It exists only to check the recommend Worker's forwarding of /v1/creatives/* and
 * /v1/blobs/*; the real creative Worker is tested in its own project (`creative`).
 */
const CREATIVE_WORKER_DOUBLE = {
  name: 'vitrine-creative',
  modules: true,
  compatibilityDate: '2026-05-01',
  script: `export default { fetch(request) {
    const url = new URL(request.url);
    const status = Number(url.searchParams.get('status') ?? '200');
    const echo = { worker: 'creative-test-double', method: request.method, url: request.url,
      ifNoneMatch: request.headers.get('if-none-match') };
    return Response.json(echo, { status, headers: { etag: '"double"', 'cache-control': 'public, max-age=60' } });
  } };`,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/shared/**/*.test.ts', 'tests/batch/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            main: './edge/src/index.ts',
            wrangler: { configPath: './wrangler.toml' },
            // wrangler.toml binds CREATIVES to the creative Worker; workerd refuses to start with a
            // binding to an undefined service. A test double stands in (see above); the creative
            // Worker itself has its own project below.
            // Secrets are not in wrangler.toml (`wrangler secret put`); the tests' own values. Nor
            // is any publishable key: the tests get the demo's, as `npm run demo` passes it.
            miniflare: {
              workers: [CREATIVE_WORKER_DOUBLE],
              bindings: {
                ADMIN_SECRET: 'test-admin-secret-0123456789',
                USER_TOKEN_SECRET: 'test-user-token-secret-0123456789',
                PUBLISHABLE_KEYS: '{"pk_demo_vitrine": ["http://127.0.0.1:8787", "http://localhost:8787"]}',
              },
            },
          }),
        ],
        test: {
          name: 'edge',
          include: ['tests/edge/**/*.test.ts'],
          // Builds a small published store with the real batch code, in Node, once per run.
          // And builds widget.js, which the Worker imports as text (the pool skips wrangler's [build]).
          globalSetup: [
            './tests/fixtures/edge-store/global-setup.ts',
            './tests/fixtures/widget/global-setup.ts',
            // The home & electronics store through the real pipeline (tests/edge/home-store).
            './tests/fixtures/home-store/global-setup.ts',
          ],
          testTimeout: 60_000,
          // beforeAll hooks load the published fixture into the bucket: seconds on a busy 2-core machine.
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: './edge/creative/index.ts',
            wrangler: { configPath: './infra/creative.wrangler.toml' },
            // The product-picture host of the tests' catalogues (empty in the deployed config), and
            // the generator Worker its GENERATOR binding names (bundled on first use). No generator
            // deadline: on a busy machine a cold generator Worker would miss the deployed 250 ms and
            // banners that test the generator would be library stand-ins; the deadline's own tests
            // (tests/creative/generator-deadline.test.ts) set it per case.
            miniflare: {
              bindings: { PICTURE_HOSTS: 'shop.test', CREATIVE_GENERATOR_DEADLINE_MS: '0' },
              workers: [await generatorWorkerOptions()],
            },
          })),
        ],
        test: {
          name: 'creative',
          include: ['tests/creative/**/*.test.ts'],
          // Tiny generator → ONNX → prebuilt library → publish, with the real batch code, in Node.
          globalSetup: ['./tests/fixtures/creative-store/global-setup.ts'],
          testTimeout: 60_000,
          // beforeAll hooks load the published fixture into the bucket: seconds on a busy 2-core machine.
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
