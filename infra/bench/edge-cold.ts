/**
 * `npm run bench:edge:cold -- --size 100k --runs 5 [--origin r2|http] [--gzip]`: the first
 * answer of a fresh isolate. Each run starts the recommend Worker (the deploy bundle,
 * wrangler.toml) in its own `wrangler dev` with a fresh local state, waits for wrangler's "Ready"
 * line (the isolate exists, nothing is loaded), then times one
 * `GET /v1/users/u0/recommendations?k=10` from Node: manifest pointer and manifest, centroids,
 * the user's shard, the probed lists and their metadata all come from the bench store, verified
 * and decoded inside the isolate. Prints each run's wall time and Server-Timing, then the median.
 * For scale, as many fresh isolates answer a first `GET /v1/nope` (a 404 that loads nothing):
 * what wrangler's dev proxy, workerd and the module's own start cost before any loading.
 *
 * The warm bucket: `--origin r2` (default, production's `BLOB_ORIGIN`) reads the store through
 * the `BUCKET` binding from wrangler's local R2 (loaded once per published version, copied into
 * each run's fresh state); `--origin http` serves it from 127.0.0.1 as a CDN-hosted bucket. Under
 * wrangler dev, a cold request that made fetch() subrequests has its response held back 20–130 ms
 * after the Worker returned it (curl, 16:40 UTC, both with and without gzip: Worker-side response
 * at +92 ms, first byte at +180 ms; with the R2 binding, first byte as the Worker returns).
 *
 * Kept out of the timing as local-development only: wrangler's custom build (edge-config.ts) and
 * its proxy's gzip. Requests say `Accept-Encoding: identity`, because wrangler's proxy (miniflare's
 * entry worker) emulates Cloudflare's front line by gzipping JSON on the way out; in production
 * that happens outside the isolate. `--gzip` measures with it (Node's default `gzip, deflate`).
 */
import { cp, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signUserToken } from '#shared/access';
import { serveDirectory } from '../local/static-server.ts';
import { bundleWorker, startWranglerDev } from '../local/wrangler-dev.ts';
import { bucketState, configWithoutBuild } from './edge-config.ts';
import { benchDataset, parseSize } from './edge-data.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100k' },
    runs: { type: 'string', default: '5' },
    port: { type: 'string', default: '18150' },
    origin: { type: 'string', default: 'r2' },
    gzip: { type: 'boolean', default: false },
  },
});
const log = (s: string) => process.stderr.write(`${s}\n`);
const SECRET = 'bench-only-user-token-secret';

async function firstAnswer(
  url: string,
  path: string,
): Promise<{ ms: number; status: number; timing: string; strategy: string }> {
  const t0 = performance.now();
  const headers: Record<string, string> = values.gzip ? {} : { 'accept-encoding': 'identity' };
  const res = await fetch(`${url}${path}`, { headers });
  const body = (await res.json()) as { strategy?: string };
  return {
    ms: performance.now() - t0,
    status: res.status,
    timing: res.headers.get('server-timing') ?? '',
    strategy: String(body.strategy),
  };
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (i: number) => (s[i] as number).toFixed(1);
  return `median ${at(Math.floor((s.length - 1) / 2))} ms, min ${at(0)}, max ${at(s.length - 1)} over ${s.length} fresh isolates`;
}

async function main(): Promise<void> {
  const size = values.size ?? '100k';
  const dir = join('var', 'bench-edge', size.toLowerCase());
  const ds = await benchDataset(parseSize(size), 10, dir, log);
  const server = await serveDirectory(ds.store.root);
  // Its own folder: wrangler dev watches the script it runs (edge-workerd.ts says why it matters).
  const bundled = await bundleWorker(
    'wrangler.toml',
    join('var', 'bench-edge', `bundle-recommend-${values.port}`),
  );
  const configPath = await configWithoutBuild('wrangler.toml', join('var', 'bench-edge'));
  const viaR2 = values.origin !== 'http';
  const bucket = viaR2 ? await bucketState(ds, join(dir, 'wrangler-state-r2'), configPath, log) : undefined;
  const token = encodeURIComponent(await signUserToken(SECRET, 'u0', Date.now() + 86_400_000));
  const times: number[] = [];
  const trivial: number[] = [];
  log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  try {
    for (let run = 0; run < 2 * Number(values.runs); run++) {
      const persistTo = join('var', 'bench-edge', 'wrangler-state-cold');
      await rm(persistTo, { recursive: true, force: true });
      if (bucket !== undefined) await cp(bucket, persistTo, { recursive: true });
      const dev = await startWranglerDev({
        port: Number(values.port),
        configPath,
        bundled,
        persistTo,
        vars: {
          BLOB_ORIGIN: viaR2 ? 'r2' : server.url,
          EDGE_CACHE_TTL_SECONDS: '0',
          USER_TOKEN_SECRET: SECRET,
        },
        waitFor: 'ready',
      });
      try {
        // Alternate, so both kinds meet the same machine load.
        const answer = run % 2 === 0;
        const path = answer ? `/v1/users/u0/recommendations?k=10&userToken=${token}` : '/v1/nope';
        const first = await firstAnswer(dev.url, path);
        (answer ? times : trivial).push(first.ms);
        log(
          `${answer ? 'answer' : 'trivial 404'}: ${first.ms.toFixed(1)} ms (${first.status}, ${first.strategy}) ${first.timing}`,
        );
      } finally {
        await dev.stop();
      }
    }
  } finally {
    await server.close();
  }
  log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const lists = ds.manifest.items.index.lists.length;
  const how = `${viaR2 ? 'R2 binding' : 'HTTP origin'}${values.gzip ? ', gzip' : ''}`;
  process.stdout.write(`cold first answer (${ds.name}, ${lists} lists, ${how}): ${summary(times)}\n`);
  process.stdout.write(`cold first 404 (same Worker, loads nothing): ${summary(trivial)}\n`);
}

main().catch((error: unknown) => {
  log(`bench:edge:cold failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
