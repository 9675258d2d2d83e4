/**
 * `<vitrine-recs>` in real Chromium, against a storefront page and API answers that the test
 * serves itself (Playwright request routing on a fake origin), so each behaviour is pinned down:
 * what the widget asks for, what it renders (and refuses to render), which events it beacons,
 * and how it degrades when the API fails.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, widgetInChromium } from './support/browser.ts';
import { API, cards, count, FEED, openWidgetPage, SHOP } from './support/widget-page.ts';

let browser: Browser;
let widgetJs: string;
/** The page with `widget` on it (see openWidgetPage), in this file's browser. */
const open = (widget: string, init?: (page: Page) => Promise<void>, itemIds?: string[], lang?: string) =>
  openWidgetPage({ browser, widgetJs }, widget, init, itemIds, lang);

beforeAll(async () => {
  ({ widgetJs, browser } = await widgetInChromium());
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const TAG = `<vitrine-recs endpoint="${API}" publishable-key="pk_shop_test" item-id="a" k="3" category="dress"
  user-id="u1" catalog="/feed.json" item-href="/product/{itemId}" heading="For you" placement="pdp"></vitrine-recs>`;

describe('<vitrine-recs> in Chromium', () => {
  it('asks for the session, renders feed cards safely, and beacons view, impression and click', async () => {
    const { page, requests, events } = await open(TAG);
    await expect.poll(() => count(page, 'renders')).toBe(1);
    expect(requests[0]).toEqual({
      items: ['a'],
      sessionId: expect.stringMatching(/^s-/),
      referrer: '', // the landing context (widget-context.test.ts): no referrer, a direct visit
      landingCategory: 'dress',
      k: 3,
      userId: 'u1',
      category: 'dress',
      exclude: ['a'],
    });
    expect(await cards(page)).toEqual([
      {
        id: 'a',
        href: `${SHOP}/p/a`,
        title: 'Linen dress',
        price: expect.stringContaining('39.50'),
        image: `${SHOP}/img/a.png`,
      },
      // Markup in a title is text; a javascript: URL is neither a picture nor a link.
      {
        id: 'b',
        href: `${SHOP}/product/b`,
        title: FEED.items[1]!.title,
        price: expect.stringContaining('10'),
        image: null,
      },
      { id: 'c', href: `${SHOP}/product/c`, title: 'Canvas bag', price: null, image: null },
    ]);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#after').getAttribute('data-ran')).toBe('1');

    await expect.poll(() => events.map((e) => e.type).sort()).toEqual(['impression', 'view']);
    const session = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrine:session') ?? '{}'));
    for (const e of events) {
      expect(e).toMatchObject({
        key: 'pk_shop_test',
        userId: 'u1',
        sessionId: session.id,
        context: 'vitrine-recs:pdp',
      });
      expect(e.eventId).toMatch(/^e-/);
    }
    expect(events.find((e) => e.type === 'impression')).toMatchObject({
      itemIds: ['a', 'b', 'c'],
      modelVersion: 'v7',
    });

    await page.locator('vitrine-recs a[data-item-id="c"]').click();
    await expect.poll(() => events.filter((e) => e.type === 'click').map((e) => e.itemId)).toEqual(['c']);
    await page.waitForURL(`${SHOP}/product/c`);
    // The click joined the session. The fake shop serves the same tag (item-id="a") on every
    // page, so this view of 'a' moves it last: most recent last.
    await expect.poll(() => requests.length).toBe(2);
    expect(requests[1]?.items).toEqual(['c', 'a']);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('vitrine:session') ?? '{}').id)).toBe(
      session.id,
    );
    await page.close();
  });

  it("sends the shopper's user token in the event body, never in the URL", async () => {
    const { page, events } = await open(TAG.replace('user-id="u1"', 'user-id="u1" user-token="v1.tok"'));
    await expect.poll(() => events.map((e) => e.type).sort()).toEqual(['impression', 'view']);
    for (const e of events) expect(e).toMatchObject({ bodyToken: 'v1.tok', queryToken: null });
    await page.close();
  });

  it('keeps what it shows when the API starts failing, and shows nothing when it never answered', async () => {
    const h = await open(TAG);
    await expect.poll(() => count(h.page, 'renders')).toBe(1);
    h.answer = { status: 503, itemIds: [] };
    await h.page.evaluate(() => document.querySelector('vitrine-recs')?.setAttribute('k', '2'));
    await expect.poll(() => count(h.page, 'errors')).toBe(1);
    expect((await cards(h.page)).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    await h.page.close();

    const broken = await open(TAG.replace('item-id="a"', 'item-id="zz"'), async (page) => {
      await page.route(`${API}/v1/recommendations`, (route: Route) => route.abort('connectionrefused'));
    });
    await expect.poll(() => count(broken.page, 'errors')).toBe(1);
    expect(await cards(broken.page)).toEqual([]);
    expect(await broken.page.locator('#after').getAttribute('data-ran')).toBe('1');
    expect(await count(broken.page, 'renders')).toBe(0);
    await broken.page.close();
  });

  it('lays cards out as a grid or a scrolling row', async () => {
    const { page } = await open(TAG.replace('k="3"', 'k="3" layout="row"'));
    await expect.poll(() => count(page, 'renders')).toBe(1);
    const display = () =>
      page
        .locator('vitrine-recs')
        .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('ul')!).display);
    expect(await display()).toBe('flex');
    await page.evaluate(() => document.querySelector('vitrine-recs')?.setAttribute('layout', 'grid'));
    await expect.poll(display).toBe('grid');
    await page.close();
  });
});

describe('cards from the edge (no feed on the page)', () => {
  /** The widget on a page whose `<html lang>` is `lang`, answering `itemIds` with their details. */
  async function edgeCards(lang: string, itemIds: string[]) {
    const h = await open(`<vitrine-recs endpoint="${API}" k="3"></vitrine-recs>`, undefined, itemIds, lang);
    await expect.poll(() => count(h.page, 'renders')).toBe(1);
    expect(h.requests[0]).toMatchObject({ details: true });
    // Intl writes a no-break space between amount and symbol.
    const shown = (await cards(h.page)).map((c) => ({ ...c, price: c.price?.replace(/\s/g, ' ') ?? null }));
    await h.page.close();
    return shown;
  }

  it('shows title, picture, link and the price in the item currency, written the German way', async () => {
    const shown = await edgeCards('de-DE', ['a', 'b', 'c']);
    expect(shown.map((c) => [c.id, c.title, c.price])).toEqual([
      ['a', 'Stehlampe Lumo', '1.234,50 $'],
      ['b', 'Teekanne', '1.500 ¥'],
      ['c', 'c', null], // no card at the edge: the id, and no price
    ]);
    expect(shown[0]).toMatchObject({ href: `${SHOP}/p/a`, image: `${SHOP}/img/a.png` });
  });

  it('writes euros and pounds the American way on an en-US page', async () => {
    const shown = await edgeCards('en-US', ['d', 'e']);
    expect(shown.map((c) => [c.id, c.title, c.price, c.href])).toEqual([
      ['d', 'Wool coat', '€1,234.50', `${SHOP}/p/d`],
      ['e', 'Tea towel', '£0.99', null],
    ]);
  });
});
