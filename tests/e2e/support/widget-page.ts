/**
 * A storefront page with \`<vitrine-recs>\` in real Chromium, whose shop origin and recommendation
 * API the test serves itself (Playwright request routing on fake origins): what the widget asks
 * for, the events it beacons and what it renders are recorded for the test to check.
 */
import type { Page, Route } from 'playwright-core';
import type { Browser } from './browser.ts';

export const SHOP = 'http://shop.test';
export const API = 'http://recs.test';

export const FEED = {
  items: [
    { itemId: 'a', title: 'Linen dress', price: 39.5, currency: 'EUR', image: '/img/a.png', url: '/p/a' },
    { itemId: 'b', title: '<img src=x onerror="window.pwned=1">', price: 10, image: 'javascript:alert(1)' },
    { itemId: 'c', title: 'Canvas bag', url: 'javascript:alert(1)' },
  ],
};
/** What the edge publishes with the model (answers with `details` when the widget asks). */
const DETAILS: Record<string, Record<string, unknown>> = {
  a: { title: 'Stehlampe Lumo', price: 1234.5, currency: 'USD', imageUrl: '/img/a.png', url: '/p/a' },
  b: { title: 'Teekanne', price: 1500, currency: 'JPY' },
  d: { title: 'Wool coat', price: 1234.5, currency: 'EUR', url: '/p/d' },
  e: { title: 'Tea towel', price: 0.99, currency: 'GBP', available: false },
};
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
);

export interface Harness {
  page: Page;
  /** Bodies of POST /v1/recommendations, parsed. */
  requests: Record<string, unknown>[];
  /** Events received at /v1/events, with the key they came with and where a user token was. */
  events: (Record<string, unknown> & { key: string | null; bodyToken?: string; queryToken: string | null })[];
  /** Answer of the next recommendation requests: items or an HTTP failure. */
  answer: { status: number; itemIds: string[] };
}

export async function openWidgetPage(
  { browser, widgetJs }: { browser: Browser; widgetJs: string },
  widget: string,
  init: (page: Page) => Promise<void> = async () => {},
  itemIds = ['a', 'b', 'c'],
  lang = 'en-US',
): Promise<Harness> {
  const page = await browser.context.newPage();
  const h: Harness = { page, requests: [], events: [], answer: { status: 200, itemIds } };
  await page.route(`${SHOP}/**`, (route: Route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/widget.js') return route.fulfill({ contentType: 'text/javascript', body: widgetJs });
    if (path === '/feed.json') return route.fulfill({ json: FEED });
    if (path.startsWith('/img/')) return route.fulfill({ contentType: 'image/png', body: PNG });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="${lang}"><body><script src="/widget.js"></script>${widget}
        <p id="after">page still works</p><script>document.getElementById('after').dataset.ran = '1'</script></body>`,
    });
  });
  await page.route(`${API}/v1/recommendations`, (route: Route) => {
    h.requests.push(JSON.parse(route.request().postData() ?? '{}'));
    if (h.answer.status !== 200)
      return route.fulfill({ status: h.answer.status, json: { error: { kind: 'unavailable' } } });
    const asked = h.requests.at(-1)?.details === true;
    const items = h.answer.itemIds.map((itemId, i) => ({
      itemId,
      score: 1 - i / 10,
      ...(asked && DETAILS[itemId] !== undefined ? { details: DETAILS[itemId] } : {}),
    }));
    return route.fulfill({ json: { modelVersion: 'v7', strategy: 'session_fold_in', items } });
  });
  await page.route(`${API}/v1/events**`, (route: Route) => {
    const query = new URL(route.request().url()).searchParams;
    const body = JSON.parse(route.request().postData() ?? '{}') as {
      events: Record<string, unknown>[];
      userToken?: string;
    };
    const seen = { key: query.get('key'), bodyToken: body.userToken, queryToken: query.get('userToken') };
    for (const e of body.events) h.events.push({ ...e, ...seen });
    return route.fulfill({ json: { accepted: body.events.length, duplicates: 0, rejected: [] } });
  });
  await page.addInitScript(() => {
    const w = window as unknown as { renders: unknown[]; errors: unknown[] };
    w.renders = [];
    w.errors = [];
    document.addEventListener('vitrine:render', (e) => w.renders.push((e as CustomEvent).detail));
    document.addEventListener('vitrine:error', (e) => w.errors.push((e as CustomEvent).detail));
  });
  await init(page);
  await page.goto(`${SHOP}/`);
  return h;
}

export const count = (page: Page, what: 'renders' | 'errors') =>
  page.evaluate((w) => (window as unknown as Record<string, unknown[]>)[w]?.length ?? 0, what);
export const cards = (page: Page) =>
  page.locator('vitrine-recs a[data-item-id]').evaluateAll((links) =>
    links.map((a) => ({
      id: (a as HTMLElement).dataset.itemId,
      href: a.getAttribute('href'),
      title: a.querySelector('.title')?.textContent,
      price: a.querySelector('.price')?.textContent ?? null,
      image: a.querySelector('img.image')?.getAttribute('src') ?? null,
    })),
  );
