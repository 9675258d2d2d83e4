/**
 * The loop, end to end, in real Chromium: the demo store page renders recommendations from the
 * `<vitrine-recs>` widget; clicking a product card sends a click beacon that the Worker buffers
 * and flushes into the bucket; a pipeline run over the bucket's events publishes a new model
 * version, which the Worker then serves — with the browser's session now a trained user.
 *
 * Everything is real and local: the Worker bundle in workerd (Miniflare) on 127.0.0.1, its R2
 * bucket and Durable Objects, the batch pipeline (`runPipeline`) reading and publishing through
 * that bucket, and Debian's Chromium. The shop is tiny so the whole run takes seconds.
 */
import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '#shared/storage';
import { writeDemoAssets } from '../../batch/src/demo-store/index.ts';
import { quietContext } from '../../batch/src/observe/index.ts';
import { type PipelineOptions, runPipeline } from '../../batch/src/pipeline/run.ts';
import { openStore } from '../../batch/src/storage/open.ts';
import { generateStorefront } from '../../batch/src/synthetic/storefront.ts';
import { type Browser, launchChromium } from './support/browser.ts';
import { type LocalWorker, startLocalWorker } from './support/local-worker.ts';
import { copyPrefix } from './support/r2-blob-store.ts';

const KEY = 'pk_e2e_store';
const SHOP_URI = `mem://e2e-shop-${process.pid}`;
const SCREENSHOT = 'var/e2e/demo-store.png';

let worker: LocalWorker;
let browser: Browser | undefined;
let shop: BlobStore;

/** One pipeline run over the events in the bucket (pulled into the shop store first). */
async function pipeline(version: string) {
  await copyPrefix(worker.bucket, shop, 'events/');
  const options: PipelineOptions = {
    data: SHOP_URI,
    catalogue: `${SHOP_URI}/catalogue/`,
    store: worker.bucket,
    version,
    mf: { factors: 8, iterations: 6, seed: 3, compute: 'js' },
    index: { nlist: 4, nprobe: 2, shardKiB: 16, userShards: 2, itemShards: 2, seed: 5 },
    publish: { force: true },
  };
  return runPipeline(options, quietContext('warn'));
}

interface Render {
  itemIds: string[];
  strategy: string;
  modelVersion: string | null;
}

/** The next `vitrine:render` of the page's widget (listener installed before navigation). */
async function renders(page: Page, count: number): Promise<Render[]> {
  await page.waitForFunction(
    (n) => (window as unknown as { renders?: unknown[] }).renders?.length === n,
    count,
    {
      timeout: 15_000,
    },
  );
  return page.evaluate(() => (window as unknown as { renders: Render[] }).renders);
}

async function json<T>(path: string): Promise<T> {
  return (await (await fetch(`${worker.url}${path}`)).json()) as T;
}

beforeAll(async () => {
  worker = await startLocalWorker((url) => ({
    PUBLISHABLE_KEYS: JSON.stringify({ [KEY]: [url] }),
    EVENTS_FLUSH_SECONDS: '0.5',
    MANIFEST_TTL_SECONDS: '1',
  }));
  shop = openStore(SHOP_URI);
  const generated = await generateStorefront(
    { seed: 5, items: 120, users: 80, events: 4000, days: 2 },
    { store: shop },
  );
  // The bucket already holds the shop's history, as if the edge had collected it.
  await copyPrefix(shop, worker.bucket, 'events/');
  await writeDemoAssets(worker.bucket, generated.catalogue);
  const first = await pipeline('e2e-1');
  expect(first.status).toBe('published');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe('demo store in Chromium', () => {
  it('renders recommendations, records a click in the bucket, and serves the model retrained on it', async () => {
    const page = await browser!.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { renders: unknown[] };
      w.renders = [];
      document.addEventListener('vitrine:render', (e) => w.renders.push((e as CustomEvent).detail));
    });
    await page.goto(`${worker.url}/demo`);
    const [home] = await renders(page, 1);
    expect(home).toMatchObject({ strategy: 'popular_fallback', modelVersion: 'e2e-1' });
    expect(home!.itemIds).toHaveLength(8);
    const cards = page.locator('vitrine-recs a[data-item-id]');
    await expect.poll(() => cards.count()).toBe(8);
    // Cards show the feed's title and picture, not bare ids.
    const firstCard = cards.first();
    expect(await firstCard.locator('.title').textContent()).not.toBe(home!.itemIds[0]);
    await expect
      .poll(() => firstCard.locator('img.image').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(28);

    // Click a recommendation: a click beacon, then the product page with session fold-in.
    const clicked = home!.itemIds[2]!;
    await Promise.all([page.waitForURL(/\/demo\?item=/), cards.nth(2).click()]);
    const [product] = await renders(page, 1);
    expect(product).toMatchObject({ strategy: 'session_fold_in', modelVersion: 'e2e-1' });
    expect(product!.itemIds).not.toContain(clicked);
    expect(await page.locator('#product h2').textContent()).toBeTruthy();
    await page.locator('#product button').click(); // add to cart
    await mkdir('var/e2e', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const sessionId = await page.evaluate(
      () => JSON.parse(localStorage.getItem('vitrine:session') ?? '{}').id as string,
    );

    // The click reaches the bucket (flushed by its buffer's alarm) in an object the edge wrote.
    const edgeObjects = async () =>
      (await worker.bucket.list('events/')).filter(({ key }) =>
        /\/\d{13}-[0-9a-f]{12}-\d{10}\.ndjson$/.test(key),
      );
    const lines = async () =>
      (
        await Promise.all(
          (
            await edgeObjects()
          ).map(async ({ key }) =>
            new TextDecoder()
              .decode(await worker.bucket.get(key))
              .split('\n')
              .filter(Boolean),
          ),
        )
      )
        .flat()
        .map((l) => JSON.parse(l) as Record<string, string>)
        .filter((e) => e.sessionId === sessionId);
    await expect
      .poll(async () => (await lines()).map((e) => `${e.type}:${e.itemId}`).sort(), { timeout: 15_000 })
      .toEqual([`add_to_cart:${clicked}`, `click:${clicked}`, `view:${clicked}`].sort());
    expect((await lines())[0]?.context).toMatch(/^vitrine-recs:demo-/);

    // Retrain on the bucket's events: a new version, which the Worker picks up and serves.
    const second = await pipeline('e2e-2');
    expect(second.status).toBe('published');
    expect(second.events?.newFiles).toBeGreaterThan(0);
    await expect
      .poll(async () => (await json<{ modelVersion: string }>('/v1/health')).modelVersion, {
        timeout: 20_000,
      })
      .toBe('e2e-2');
    const mine = await json<Render & { items: unknown[] }>(
      `/v1/users/${encodeURIComponent(`session:${sessionId}`)}/recommendations?k=5`,
    );
    expect(mine).toMatchObject({ strategy: 'user_vector', modelVersion: 'e2e-2' });
    await page.reload();
    const [again] = await renders(page, 1);
    expect(again?.modelVersion).toBe('e2e-2');
    await page.close();
  });
});
