/**
 * The recommend Worker's wrangler config as the cold-start bench runs it: wrangler.toml without
 * its `[build]` table. wrangler runs a custom build even with `--no-bundle`, and its file watcher
 * then starts a second one after "Ready": two `tsx` + esbuild processes competing with the timed
 * first request on a 2-core machine (the widget they build is already in the bundle). A deployed
 * Worker never pays for either, so the bench must not either.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadIntoLocalR2 } from '../local/local-r2.ts';
import type { BenchDataset } from './edge-data.ts';

/** `toml` without the `[build]` table (up to the next table header). */
function withoutBuildTable(toml: string): string {
  const out: string[] = [];
  let inBuild = false;
  for (const line of toml.split('\n')) {
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*$/.exec(line);
    if (header !== null) inBuild = header[1]?.trim() === 'build';
    if (!inBuild) out.push(line);
  }
  return out.join('\n');
}

/**
 * Writes `configPath` without its `[build]` table into `dir` and returns the copy's path. Only
 * for a Worker started with a prebuilt script (`bundled`): the copy's `main` no longer resolves.
 *
 * @example
 * const config = await configWithoutBuild('wrangler.toml', 'var/bench-edge');
 */
export async function configWithoutBuild(configPath: string, dir: string): Promise<string> {
  const out = join(dir, 'cold.wrangler.toml');
  await writeFile(out, withoutBuildTable(await readFile(configPath, 'utf8')));
  return out;
}

/**
 * The wrangler state folder `state` with `ds`'s store in the local R2 bucket of `configPath`'s
 * `BUCKET` binding (loaded once per publication). The benches read blobs through that binding,
 * as production does by default, and not over HTTP: under wrangler dev every fetch() subrequest's
 * whole body is also base64-encoded into a devtools `Network.loadingFinished` event for wrangler
 * (its inspector proxy enables the Network domain) — which held cold answers back and, at 1M
 * (266 MB of lists), got the bench Worker's requests cut off. R2 binding reads send no such event.
 *
 * @example
 * const state = await bucketState(ds, 'var/bench-edge/100k/wrangler-state-r2', config, log);
 */
export async function bucketState(
  ds: BenchDataset,
  state: string,
  configPath: string,
  log: (s: string) => void,
): Promise<string> {
  const marker = join(state, 'loaded-version');
  // A rebuilt store keeps its version name (bench-<rows>-…), not its creation time.
  const published = `${ds.manifest.version} ${ds.manifest.createdAt}`;
  const loaded = existsSync(marker) ? await readFile(marker, 'utf8') : '';
  if (loaded === published) return state;
  await rm(state, { recursive: true, force: true });
  const { objects, seconds } = await loadIntoLocalR2(ds.store, state, configPath);
  await writeFile(marker, published);
  log(`[${ds.name}] loaded ${objects} objects into the local R2 bucket in ${seconds.toFixed(1)} s`);
  return state;
}
