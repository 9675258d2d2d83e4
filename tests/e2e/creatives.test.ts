/**
 * Creatives end to end: the real pipeline (synthetic shop → iALS → index → tiny GAN → creative
 * library → brand kit → publish) → both Workers in one `wrangler dev` (workerd; the recommend
 * Worker forwards /v1/creatives/* to the creative Worker over its service binding) → the demo
 * store page in Chromium, whose widget shows each recommended item's own banner and whose hero
 * shows a generator-drawn banner of the session's leading category. Saves a screenshot to
 * var/e2e/creatives.png.
 */
import { mkdir } from 'node:fs/promises';
import { decode } from 'fast-png';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCurrent } from '../../batch/src/publish/read.ts';
import { type DemoWorkers, startDemoWorkers } from '../../infra/demo/workers.ts';
import { type Browser, launchChromium } from './support/browser.ts';
import { freePort } from './support/local-worker.ts';

const DIR = 'var/e2e/creatives';
const SHAPE = {
  store: 'fashion',
  items: 240,
  users: 120,
  events: 6000,
  factors: 8,
  ganPreset: 'tiny',
} as const;
let workers: DemoWorkers;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  workers = await startDemoWorkers({ dir: DIR, shape: SHAPE, port, fresh: true, say: () => undefined });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await workers?.dev.stop();
});

/** Loaded pictures of the widget's cards (in its open shadow root) and of the hero. */
function loadedImages(page: Page) {
  return page.evaluate(() => {
    const done = (img: HTMLImageElement) => ({
      src: img.src,
      complete: img.complete,
      width: img.naturalWidth,
      height: img.naturalHeight,
    });
    const recs = document.querySelector('vitrine-recs');
    const cards = Array.from(recs?.shadowRoot?.querySelectorAll<HTMLImageElement>('img.creative') ?? []);
    const hero = document.querySelector<HTMLImageElement>('#hero img');
    return { cards: cards.map(done), hero: hero === null ? null : done(hero) };
  });
}

describe('pipeline → both Workers → widget with creatives in Chromium', () => {
  it('shows per-item banners in the widget and a generated hero banner, and saves a screenshot', async () => {
    const current = await readCurrent(workers.store);
    expect(current?.manifest.generator).toBeDefined();
    expect(current?.manifest.itemCards).toBeDefined();
    const feed = (await (await fetch(`${workers.dev.url}/demo/catalogue.json`)).json()) as {
      items: { itemId: string }[];
    };
    const page = await browser.context.newPage();
    // A product page of the synthetic shop: the widget shows similar items, the hero the
    // product's category (the session's only one).
    await page.goto(`${workers.dev.url}/demo?item=${feed.items[1]?.itemId}`);
    await page.locator('vitrine-recs').scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => {
        const recs = document.querySelector('vitrine-recs');
        const imgs = Array.from(recs?.shadowRoot?.querySelectorAll<HTMLImageElement>('img.creative') ?? []);
        const hero = document.querySelector<HTMLImageElement>('#hero img');
        const loaded = (i: HTMLImageElement) => i.complete && i.naturalWidth > 0;
        return imgs.length >= 2 && imgs.slice(0, 2).every(loaded) && hero !== null && loaded(hero);
      },
      undefined,
      { timeout: 240_000 },
    );
    const { cards, hero } = await loadedImages(page);
    // Each card links the item's own banner route, drawn at the medium-rectangle slot.
    for (const card of cards.filter((c) => c.complete && c.width > 0)) {
      expect(new URL(card.src).pathname).toMatch(/^\/v1\/creatives\/items\/[^/]+$/);
      expect([card.width, card.height]).toEqual([300, 250]);
    }
    expect([hero?.width, hero?.height]).toEqual([728, 90]);
    await mkdir('var/e2e', { recursive: true });
    await page.screenshot({ path: 'var/e2e/creatives.png', fullPage: true });

    // The hero was drawn by the generator (not a fallback), through the recommend Worker's origin.
    const res = await fetch(hero?.src ?? '');
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(decode(new Uint8Array(await res.arrayBuffer())).width).toBe(728);
    // An item banner shows the product's own picture, fetched from the allowed demo host.
    const banner = await fetch(cards[0]?.src ?? '');
    expect(banner.status).toBe(200);
    expect(banner.headers.get('x-vitrine-picture')).toBe('product');
  }, 600_000);
});
