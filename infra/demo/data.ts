/**
 * Demo data: a seeded synthetic storefront written in the production layout (events/ +
 * catalogue/), then the real pipeline (train → evaluate → index → GAN → library → publish) into
 * a local file store, with the demo's brand kit (infra/demo/brand-kit.json). Re-runs reuse what
 * is there unless asked for a fresh build (or the published model predates creatives).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreativeLoopPreset } from '#shared/schemas';
import { quietContext } from '../../batch/src/observe/index.ts';
import { runPipeline } from '../../batch/src/pipeline/run.ts';
import { readCurrent } from '../../batch/src/publish/read.ts';
import { FsStore } from '../../batch/src/storage/index.ts';
import type { StoreName } from '../../batch/src/synthetic/profiles.ts';
import { generateStorefront } from '../../batch/src/synthetic/storefront.ts';

export interface DemoShape {
  store: StoreName;
  items: number;
  users: number;
  events: number;
  factors: number;
  /** GAN run of the first publish (`tiny`: seconds, pictures are blobs; `demo`: minutes). */
  ganPreset: CreativeLoopPreset;
}

/** The brand kit the demo publishes: edit it and run with --fresh to see banners change. */
export const DEMO_BRAND_KIT = 'infra/demo/brand-kit.json';

export interface DemoData {
  store: FsStore;
  version: string;
  built: boolean;
}

/**
 * Makes sure `<dir>/store` holds a published model; builds it when absent or when `fresh`.
 *
 * @example
 * const { store, version } = await prepareData('.vitrine/demo', shape, false, console.log);
 */
export async function prepareData(
  dir: string,
  shape: DemoShape,
  fresh: boolean,
  say: (line: string) => void,
): Promise<DemoData> {
  const store = new FsStore(join(dir, 'store'));
  if (fresh) await rm(dir, { recursive: true, force: true });
  if (!fresh && existsSync(store.root)) {
    const current = await readCurrent(store).catch(() => null);
    if (current !== null && current.manifest.generator !== undefined) {
      say(`reusing published model ${current.manifest.version} in ${store.uri} (--fresh rebuilds it)`);
      return { store, version: current.manifest.version, built: false };
    }
  }
  const shopUri = `file://${join(dir, 'shop')}`;
  let t = performance.now();
  say(
    `generating the synthetic ${shape.store} store: ${shape.items} items, ${shape.users} shoppers, ~${shape.events} events…`,
  );
  await generateStorefront(
    { seed: 1, store: shape.store, items: shape.items, users: shape.users, events: shape.events },
    { store: shopUri },
  );
  say(`  done in ${((performance.now() - t) / 1000).toFixed(1)} s → ${shopUri}`);
  t = performance.now();
  say(
    `running the pipeline (iALS → evaluate → IVF index → GAN (${shape.ganPreset}) → creative library → publish)…`,
  );
  const summary = await runPipeline(
    {
      data: shopUri,
      catalogue: `${shopUri}/catalogue/`,
      store,
      mf: { factors: shape.factors, iterations: 10, compute: 'js' },
      index: { nprobe: 8 },
      publish: { force: true },
      // Reuse the live generator, train one (this preset) when there is none; the demo's own
      // kit; library banners approved (no reviewer in a demo: `vitrine creatives` is the tool).
      creatives: {
        gan: 'reuse',
        ganPreset: shape.ganPreset,
        brandKit: DEMO_BRAND_KIT,
        approveCreatives: true,
      },
    },
    quietContext('warn'),
  );
  if (summary.status !== 'published' || summary.version === null)
    throw new Error(`pipeline did not publish (${summary.status})`);
  say(`  published ${summary.version} in ${((performance.now() - t) / 1000).toFixed(1)} s → ${store.uri}`);
  return { store, version: summary.version, built: true };
}
