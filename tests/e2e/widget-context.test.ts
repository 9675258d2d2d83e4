/**
 * `<vitrine-recs>` sends its session's landing context in real Chromium: the origin of the site
 * the session came from (never the path or query of `document.referrer`) and the category of its
 * first product page, with every recommendation request and event, unchanged by later pages of
 * the session. What it sends passes the zod schemas the edge validates with. Each case runs on a
 * shop origin of its own, so sessions (localStorage) never leak between cases.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestEvent, SessionRecommendationRequest } from '#shared/schemas';
import { type Browser, widgetInChromium } from './support/browser.ts';

const API = 'http://recs.test';
let browser: Browser;
let widgetJs: string;

/** Product pages: `/p/<item>` shows item <item> of category `pages[item]`. */
interface Shop {
  page: Page;
  origin: string;
  requests: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

async function openShop(origin: string, pages: Record<string, string>): Promise<Shop> {
  const page = await browser.context.newPage();
  const shop: Shop = { page, origin, requests: [], events: [] };
  await page.route(`${origin}/**`, (route: Route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/widget.js') return route.fulfill({ contentType: 'text/javascript', body: widgetJs });
    const item = path.slice('/p/'.length);
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><body><script src="/widget.js"></script>
        <vitrine-recs endpoint="${API}" publishable-key="pk_ctx" k="2" item-id="${item}"
          page-category="${pages[item] ?? ''}"></vitrine-recs><a id="next" href="/p/b">next</a></body>`,
    });
  });
  await page.route(`${API}/v1/recommendations`, (route: Route) => {
    shop.requests.push(JSON.parse(route.request().postData() ?? '{}'));
    const items = [{ itemId: 'x', score: 1 }];
    return route.fulfill({ json: { modelVersion: 'v1', strategy: 'session_fold_in', items } });
  });
  await page.route(`${API}/v1/events**`, (route: Route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { events: Record<string, unknown>[] };
    shop.events.push(...body.events);
    return route.fulfill({ json: { accepted: body.events.length, duplicates: 0, rejected: [] } });
  });
  return shop;
}

/** Every request and event parses with the edge's own schemas and carries `context`. */
function expectContext(shop: Shop, context: Record<string, string>): void {
  for (const request of shop.requests) {
    expect(SessionRecommendationRequest.safeParse(request).success, JSON.stringify(request)).toBe(true);
    expect(request).toMatchObject(context);
    if (context.landingCategory === undefined) expect(request).not.toHaveProperty('landingCategory');
  }
  for (const event of shop.events) {
    expect(IngestEvent.safeParse(event).success, JSON.stringify(event)).toBe(true);
    expect(event).toMatchObject(context);
  }
}

beforeAll(async () => {
  ({ widgetJs, browser } = await widgetInChromium());
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('<vitrine-recs> request context in Chromium', () => {
  it('sends the referrer’s origin only and the first product page’s category, kept for the session', async () => {
    const shop = await openShop('http://shop-one.test', { a: 'women/dresses', b: 'men/shirts' });
    await shop.page.goto(`${shop.origin}/p/a`, {
      referer: 'https://www.news.example.org/story/42?reader=jane@example.org',
    });
    await expect.poll(() => shop.requests.length).toBe(1);
    await expect.poll(() => shop.events.length).toBeGreaterThan(0);
    const context = { referrer: 'https://www.news.example.org', landingCategory: 'women/dresses' };
    expectContext(shop, context);
    // Nothing of the page the shopper came from but its origin (the edge keeps only the host).
    expect(JSON.stringify([...shop.requests, ...shop.events])).not.toMatch(/story|jane/);

    // A second page of the same session (its referrer is the shop itself, its category another).
    await shop.page.click('#next');
    await expect.poll(() => shop.requests.length).toBe(2);
    expect(shop.requests[1]!.items).toEqual(['a', 'b']);
    await expect.poll(() => shop.events.filter((e) => e.itemId === 'b').length).toBe(1);
    expectContext(shop, context);
    await shop.page.close();
  });

  it('says direct for a session without a referrer and leaves a malformed page category out', async () => {
    const shop = await openShop('http://shop-two.test', { a: 'Women > Dresses' });
    await shop.page.goto(`${shop.origin}/p/a`);
    await expect.poll(() => shop.requests.length).toBe(1);
    await expect.poll(() => shop.events.length).toBeGreaterThan(0);
    expectContext(shop, { referrer: '' }); // the edge reads '' as `direct`
    await shop.page.close();
  });
});
