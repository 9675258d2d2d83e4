/**
 * `npx tsx batch/bench/fonts-cold-workerd.ts [--runs 5] [--tree DIR]`: the creative Worker's cold
 * first banner in a fresh local workerd (wrangler's dev API), for copy in Latin and then in
 * Cyrillic, Greek and Vietnamese — what bundling every Inter subset costs a cold isolate (module
 * load) and what a script's first banner pays (its subset unwrapped). The bucket holds a tiny
 * model with item cards and no generator; the items have no picture, so a banner is its copy
 * (fonts, layout, resvg, PNG) and nothing else. `--tree` runs another checkout's Worker (e.g. a
 * worktree of the commit before) on the same bucket. Prints medians (ms) as JSON.
 */
import { join, resolve } from 'node:path';
import { unstable_startWorker } from 'wrangler';
import type { ItemCard } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { publish } from '../src/publish/index.ts';
import { DEV, REGISTRY, seedBucket } from './creatives-workerd.ts';
import { tinyRecommender } from './fixtures/tiny-recommender.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const card = (itemId: string, title: string): ItemCard => ({
  itemId,
  title,
  price: 59.9,
  currency: 'EUR',
  brand: 'Maison',
  category: 'bench/fonts',
  categoryLabel: 'Dresses',
});
const ITEMS = [
  card('latin', 'Linen wrap dress'),
  card('cyrillic', 'Платье из льна'),
  card('greek', 'Φόρεμα από λινό'),
  card('vietnamese', 'Áo dài lụa Việt'),
  card('latin2', 'Silk shirt'),
];

async function bucketObjects(): Promise<Map<string, Uint8Array>> {
  const store = new MemoryStore('fonts-bench');
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  await publish(
    store,
    async (put) => ({
      ...(await tinyRecommender(put)),
      itemCards: { hash: 'fnv1a32', shardCount: 1, shards: [await put(json({ items: ITEMS }))] },
    }),
    { version: 'fonts-bench-1' },
  );
  const objects = new Map<string, Uint8Array>();
  for (const { key } of await store.list('')) objects.set(key, await store.get(key));
  return objects;
}

/** One fresh workerd: each item's banner once, in order, timed from the client (ms). */
async function coldRun(config: string, stateDir: string): Promise<Record<string, number>> {
  const worker = await unstable_startWorker({
    config,
    sendMetrics: false,
    bindings: { CREATIVE_MAX_AGE_SECONDS: { type: 'plain_text', value: '0' } },
    dev: { ...DEV, persist: stateDir, registry: REGISTRY },
  });
  try {
    await worker.ready;
    const out: Record<string, number> = {};
    for (const { itemId } of ITEMS) {
      const t = performance.now();
      const res = await worker.fetch(
        `http://creative.local/v1/creatives/items/${itemId}?size=medium-rectangle`,
      );
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${itemId}: ${res.status}`);
      out[itemId] = performance.now() - t;
    }
    return out;
  } finally {
    await worker.dispose();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const tree = resolve(arg('tree') ?? resolve(import.meta.dirname, '../..'));
const runs = Number(arg('runs') ?? 5);
const stateDir = resolve(import.meta.dirname, '../../var/bench/fonts-cold-state');
await seedBucket(stateDir, await bucketObjects());
const samples: Record<string, number>[] = [];
for (let i = 0; i < runs; i++)
  samples.push(await coldRun(join(tree, 'infra/creative.wrangler.toml'), stateDir));
const medians = Object.fromEntries(
  ITEMS.map(({ itemId }) => [itemId, Math.round(median(samples.map((s) => s[itemId] ?? 0)) * 10) / 10]),
);
console.log(JSON.stringify({ tree, runs, medians }));
