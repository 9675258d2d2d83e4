/**
 * `<vitrine-recs>` on the home & electronics store (#12.5), end to end in Chromium: the synthetic
 * `home` store (3-level tree, USD, drawn pictures) through the real pipeline into the R2 bucket
 * of the Worker running locally (Miniflare/workerd, the development entry with /demo). The demo
 * page's widget, filtered to a department, a segment and a leaf, shows only items of that
 * category or its descendants, each with its title, its drawn picture and its price in dollars
 * from the edge's item cards; on a German shop page the same cards write the dollars the German
 * way, and no feed is downloaded.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithinCategory } from '#shared/schemas';
import type { Catalogue } from '../../batch/src/data/catalogue.ts';
import { categoryIdAt } from '../../batch/src/data/catalogue.ts';
import { writeDemoAssets } from '../../batch/src/demo-store/index.ts';
import { quietContext } from '../../batch/src/observe/index.ts';
import { runPipeline } from '../../batch/src/pipeline/run.ts';
import { openStore } from '../../batch/src/storage/open.ts';
import { generateStorefront } from '../../batch/src/synthetic/storefront.ts';
import { type Browser, launchChromium } from './support/browser.ts';
import { type LocalWorker, startLocalWorker } from './support/local-worker.ts';
import { copyPrefix } from './support/r2-blob-store.ts';

const KEY = 'pk_e2e_home';
const SHOP_URI = `mem://e2e-home-${process.pid}`;

let worker: LocalWorker;
let browser: Browser | undefined;
let catalogue: Catalogue;
const row = new Map<string, number>();

beforeAll(async () => {
  worker = await startLocalWorker((url) => ({ PUBLISHABLE_KEYS: JSON.stringify({ [KEY]: [url] }) }));
  const shop = openStore(SHOP_URI);
  const generated = await generateStorefront(
    { store: 'home', seed: 8, items: 900, users: 150, events: 9000, days: 2 },
    { store: shop },
  );
  catalogue = generated.catalogue;
  for (const [r, id] of catalogue.ids.entries()) row.set(id, r);
  await copyPrefix(shop, worker.bucket, 'events/');
  await writeDemoAssets(worker.bucket, catalogue);
  const summary = await runPipeline(
    {
      data: SHOP_URI,
      catalogue: `${SHOP_URI}/catalogue/`,
      store: worker.bucket,
      version: 'home-e2e-1',
      mf: { factors: 8, iterations: 6, seed: 3, compute: 'js' },
      index: { nlist: 4, nprobe: 4, shardKiB: 32, userShards: 2, itemShards: 2, seed: 5 },
      publish: { force: true },
    },
    quietContext('warn'),
  );
  expect(summary.status).toBe('published');
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

interface Card {
  id: string;
  title: string | null;
  price: string | null;
  image: string | null;
}

/** The widget's cards once it rendered (and its first picture loaded). */
async function cards(page: Page): Promise<Card[]> {
  const links = page.locator('vitrine-recs a[data-item-id]');
  await expect.poll(() => links.count(), { timeout: 20_000 }).toBeGreaterThan(0);
  // Pictures load lazily: the first card's (in view) must show; the others must point at theirs.
  await expect
    .poll(() =>
      links
        .first()
        .locator('img.image')
        .evaluate((i: HTMLImageElement) => i.naturalWidth),
    )
    .toBeGreaterThan(0);
  return links.evaluateAll((as) =>
    as.map((a) => ({
      id: (a as HTMLElement).dataset.itemId ?? '',
      title: a.querySelector('.title')?.textContent ?? null,
      // Intl writes a no-break space in some locales; compare with plain spaces.
      price: a.querySelector('.price')?.textContent?.replace(/\s/g, ' ') ?? null,
      image: a.querySelector('img.image')?.getAttribute('src') ?? null,
    })),
  );
}

/** The price of item `id` as `locale` writes dollars (what the card must show). */
function dollars(id: string, locale: string): string {
  const price = catalogue.price[row.get(id)!]!;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' })
    .format(price)
    .replace(/\s/g, ' ');
}

/** A department, one of its segments and one of that segment's leaves. */
function levels(): string[] {
  const leaf = categoryIdAt(catalogue, 0)!;
  const [a, b] = leaf.split('/');
  return [a!, `${a}/${b}`, leaf];
}

describe('widget on the home store in Chromium', () => {
  it('shows only the filtered category and its descendants, with titles, pictures and dollar prices', async () => {
    const page = await browser!.context.newPage();
    expect(levels().map((c) => c.split('/').length)).toEqual([1, 2, 3]);
    for (const category of levels()) {
      await page.goto(`${worker.url}/demo?category=${encodeURIComponent(category)}`);
      const shown = await cards(page);
      for (const card of shown) {
        expect(isWithinCategory(categoryIdAt(catalogue, row.get(card.id)!)!, category), card.id).toBe(true);
        expect(card.title).toBe(catalogue.titles[row.get(card.id)!]);
        expect(card.price).toBe(dollars(card.id, 'en'));
        expect(card.image).toBe(new URL(catalogue.imageUrl[row.get(card.id)!]!, worker.url).href);
      }
    }
    await page.close();
  });

  it('writes the dollars the German way on a German shop page', async () => {
    const page = await browser!.context.newPage();
    const leaf = levels()[2]!;
    // Served on the Worker's own origin (intercepted by the browser): Chromium refuses requests
    // from a public-looking origin to 127.0.0.1 (private network access), a shop's CDN would not.
    await page.route(`${worker.url}/shop-de`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="de-DE"><body><script src="${worker.url}/widget.js"></script>
          <vitrine-recs endpoint="${worker.url}" publishable-key="${KEY}" k="6" category="${leaf}"></vitrine-recs></body></html>`,
      }),
    );
    const requests: Request[] = [];
    page.on('request', (r: Request) => requests.push(r));
    await page.goto(`${worker.url}/shop-de`);
    const shown = await cards(page);
    // The cards came with the answer (details), not from a feed.
    expect(requests.filter((r) => r.url().includes('catalogue'))).toEqual([]);
    const asked = requests.filter((r) => r.url().endsWith('/v1/recommendations'));
    expect(asked.map((r) => JSON.parse(r.postData() ?? '{}').details)).toEqual([true]);
    for (const card of shown) {
      expect(card.price).toBe(dollars(card.id, 'de-DE'));
      expect(card.price).toMatch(/^[\d.]+,\d{2} \$$/);
    }
    await page.close();
  });
});
