/**
 * HTTP numbers of the real recommend Worker (wrangler.toml) under `wrangler dev` on 127.0.0.1,
 * reading a published store from a local HTTP origin: the first request of a cold isolate, then
 * throughput and latency of the recommendations route vs a trivial route (`/v1/health`) of the
 * same Worker under the bounded load generator.
 */

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { signUserToken } from '#shared/access';
import { bucketOf } from '#shared/sharding';
import { bundleWorker, startWranglerDev } from '../local/wrangler-dev.ts';
import type { BenchDataset } from './edge-data.ts';

const BENCH_USER_TOKEN_SECRET = 'bench-only-user-token-secret';

import { type LoadResult, runLoad } from './load.ts';

export interface ColdResult {
  /** Wall time from wrangler's "Ready" to the end of the first response (recommendations). */
  firstRequestMs: number;
  /** The same request right after (warm isolate, shards cached). */
  secondRequestMs: number;
  /** Another user right after (warm isolate; their user shard and lists may still be cold). */
  otherUserMs: number;
  firstStatus: number;
  firstStrategy: string;
  serverTiming: string;
}

export interface HttpResult {
  cold: ColdResult;
  recommendations: LoadResult;
  trivial: LoadResult;
  concurrency: number;
}

async function timed(
  url: string,
): Promise<{ ms: number; status: number; body: Record<string, unknown>; timing: string }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as Record<string, unknown>;
  return {
    ms: performance.now() - t0,
    status: res.status,
    body,
    timing: res.headers.get('server-timing') ?? '',
  };
}

/**
 * Starts the recommend Worker against `originUrl` and measures it.
 *
 * @example
 * const h = await measureHttp(ds, 'http://127.0.0.1:40001/', { port: 8789, concurrency: 8, seconds: 10 }, console.error);
 */
export async function measureHttp(
  ds: BenchDataset,
  originUrl: string,
  options: { port: number; concurrency: number; seconds: number },
  log: (s: string) => void,
): Promise<HttpResult> {
  const bundled = await bundleWorker('wrangler.toml', join('var', 'bench-edge', 'bundle-recommend'));
  // An empty local state: nothing from an earlier run may warm the "cold" isolate.
  const persistTo = join('var', 'bench-edge', 'wrangler-state-http');
  let workerLog = '';
  await rm(persistTo, { recursive: true, force: true });
  const dev = await startWranglerDev({
    port: options.port,
    configPath: 'wrangler.toml',
    bundled,
    persistTo,
    vars: { BLOB_ORIGIN: originUrl, EDGE_CACHE_TTL_SECONDS: '0', USER_TOKEN_SECRET: BENCH_USER_TOKEN_SECRET },
    waitFor: 'ready',
    onOutput: (text) => {
      workerLog = (workerLog + text).slice(-3000);
    },
  });
  try {
    // Personalised routes need a user token per user id, signed as a shop's backend would.
    const tokens = new Map<string, string>();
    const expires = Date.now() + 86_400_000;
    for (const id of ['u0', 'u1', ...ds.userIds])
      tokens.set(id, encodeURIComponent(await signUserToken(BENCH_USER_TOKEN_SECRET, id, expires)));
    const recsUrl = (user: string) =>
      `${dev.url}/v1/users/${user}/recommendations?k=10&userToken=${tokens.get(user) ?? ''}`;
    const first = await timed(recsUrl('u0'));
    const second = await timed(recsUrl('u0'));
    const other = await timed(recsUrl('u1'));
    const cold: ColdResult = {
      firstRequestMs: first.ms,
      secondRequestMs: second.ms,
      otherUserMs: other.ms,
      firstStatus: first.status,
      firstStrategy: String(first.body.strategy),
      serverTiming: first.timing,
    };
    log(
      `[${ds.name}] cold first request ${first.ms.toFixed(0)} ms (${cold.firstStrategy}), then ${second.ms.toFixed(1)} ms`,
    );
    // Steady state means warm shards: one request probing every list loads them all, then one
    // user per user shard loads those; only then is the load timed.
    const t0 = performance.now();
    await timed(`${recsUrl('u0')}&nprobe=${ds.manifest.items.index.lists.length}`);
    const { shardCount } = ds.manifest.users;
    const perShard = new Map<number, string>();
    for (const id of ds.userIds)
      if (!perShard.has(bucketOf(id, shardCount))) perShard.set(bucketOf(id, shardCount), id);
    for (const id of perShard.values()) await timed(recsUrl(id));
    log(`[${ds.name}] warmed every list and user shard in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const users = ds.userIds;
    let i = 0;
    const nextUser = () => recsUrl(users[i++ % users.length] as string);
    await runLoad(nextUser, { concurrency: options.concurrency, durationMs: 2_000, maxRequests: 2_000 });
    const bound = {
      concurrency: options.concurrency,
      durationMs: options.seconds * 1000,
      maxRequests: 200_000,
    };
    const recommendations = await runLoad(nextUser, bound);
    log(
      `[${ds.name}] recommendations: ${recommendations.rps.toFixed(0)} req/s, p50 ${recommendations.p50Ms.toFixed(1)} ms, p99 ${recommendations.p99Ms.toFixed(1)} ms`,
    );
    const trivial = await runLoad(() => `${dev.url}/v1/health`, bound);
    log(
      `[${ds.name}] health: ${trivial.rps.toFixed(0)} req/s, p50 ${trivial.p50Ms.toFixed(1)} ms, p99 ${trivial.p99Ms.toFixed(1)} ms`,
    );
    return { cold, recommendations, trivial, concurrency: options.concurrency };
  } catch (error) {
    log(`[${ds.name}] the Worker's last output:\n${workerLog}`);
    throw error;
  } finally {
    await dev.stop();
  }
}
