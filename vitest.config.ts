/**
 * Two test projects, each running where its code runs:
 * - `node`: shared/ and batch/ (tests/shared, tests/batch) in Node;
 * - `edge`: edge/ (tests/edge) inside workerd through the Workers Vitest pool,
 *   with bindings taken from the real wrangler.toml.
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/shared/**/*.test.ts', 'tests/batch/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          cloudflareTest({ main: './edge/src/index.ts', wrangler: { configPath: './wrangler.toml' } }),
        ],
        test: {
          name: 'edge',
          include: ['tests/edge/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
