/**
 * Per-item creatives and the brand kit, in workerd: the item route renders one catalogue item
 * (its title, price in its currency, brand) with the published brand kit (CTA, colours) and its
 * own picture fetched from its URL — or a generator variant — as a PNG of the slot size, with
 * the same bytes every time. The product photo's server is this isolate's `fetch`, stubbed.
 */
import { env } from 'cloudflare:test';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodePng, hexRgb, type Pixels } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import type { BlobRef, BrandKitInput, CreativeItem, ErrorBody, Manifest } from '#shared/schemas';
import { bucketOf } from '#shared/sharding';
import { fixtureManifest, get, getJson, loadFixture, publishAndRefresh } from './support.ts';

const PRIMARY = '#0f5c4d';
const KIT: BrandKitInput = {
  format: 'vitrine-brand-kit',
  version: 1,
  name: 'Acme',
  colors: { primary: PRIMARY },
  cta: { en: 'Buy it', de: 'Jetzt kaufen' },
};
const PHOTO_URL = 'https://shop.test/p/linen.png';
const ITEMS: CreativeItem[] = [
  {
    itemId: 'sku-photo',
    title: 'Linen shirt',
    price: 49.5,
    currency: 'USD',
    brand: 'Acme',
    imageUrl: PHOTO_URL,
    category: 'shirt',
    categoryLabel: 'Shirts',
  },
  {
    itemId: 'sku-plain',
    title: 'Wrap dress in satin',
    price: 135.99,
    currency: 'EUR',
    category: 'dress',
    categoryLabel: 'Dresses',
  },
  {
    itemId: 'sku-broken',
    title: 'Broken picture',
    price: 10,
    currency: 'EUR',
    imageUrl: 'https://shop.test/p/missing.png',
    category: 'bag',
    categoryLabel: 'Bags',
  },
  {
    itemId: 'sku-hat',
    title: 'Felt hat',
    price: 30,
    currency: 'GBP',
    category: 'women/hats',
    categoryLabel: 'Hats',
  },
];

/** A 64×48 photo: red left half, blue right half. */
const PHOTO: Pixels = {
  width: 64,
  height: 48,
  data: Uint8Array.from({ length: 64 * 48 * 4 }, (_, i) => {
    const x = (i >> 2) % 64;
    return [x < 32 ? 220 : 20, 30, x < 32 ? 20 : 220, 255][i % 4]!;
  }),
};

async function putBlob(bytes: Uint8Array): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  const key = `blobs/${sha256}`;
  await env.BUCKET.put(key, bytes);
  return { key, sha256, size: bytes.length };
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
let base: Manifest;
let withItems: Manifest;

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
  const shardCount = 2;
  const shards = await Promise.all(
    Array.from({ length: shardCount }, (_, b) =>
      putBlob(json({ items: ITEMS.filter((i) => bucketOf(i.itemId, shardCount) === b) })),
    ),
  );
  withItems = {
    ...base,
    version: 'creative-items-1',
    itemCards: { hash: 'fnv1a32', shardCount, shards },
    brandKit: await putBlob(json(KIT)),
  };
  const png = encodePng(PHOTO);
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const u = input instanceof Request ? input.url : String(input);
    if (u === PHOTO_URL) return new Response(png, { headers: { 'content-type': 'image/png' } });
    if (u.startsWith('https://shop.test/')) return new Response('gone', { status: 404 });
    return real(input, init);
  });
  await publishAndRefresh(withItems);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await publishAndRefresh(base);
});

const item = (id: string, query = '') => get(`/v1/creatives/items/${id}?${query}`);

/** Pixels of a PNG response as RGBA-less RGB triples, with a counter for one colour. */
function pixels(bytes: Uint8Array) {
  const png = decode(bytes);
  const at = (x: number, y: number) => {
    const i = (y * png.width + x) * png.channels;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  };
  const count = (rgb: readonly number[], within = 8) => {
    let n = 0;
    for (let i = 0; i < png.data.length; i += png.channels) {
      if ([0, 1, 2].every((c) => Math.abs(png.data[i + c]! - rgb[c]!) <= within)) n++;
    }
    return n;
  };
  return { width: png.width, height: png.height, at, count };
}

describe('GET /v1/creatives/items/:itemId', () => {
  it("draws the item with its own photo, resampled into the picture box, at the slot's size", async () => {
    const res = await item('sku-photo', 'size=leaderboard');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-vitrine-picture')).toBe('product');
    const p = pixels(res.bytes);
    expect([p.width, p.height]).toEqual([728, 90]);
    // Leaderboard picture box: 74 px square at (8, 8); the 64×48 photo fits its width, centred.
    const [r1, , b1] = p.at(8 + 15, 45);
    const [r2, , b2] = p.at(8 + 60, 45);
    expect(r1).toBeGreaterThan(180);
    expect(b1).toBeLessThan(60);
    expect(b2).toBeGreaterThan(180);
    expect(r2).toBeLessThan(60);
    // Resampled with Lanczos-3, not repeated pixels: next to the red→blue edge (x = 46) the
    // filter's lobes leave values that are neither pure colour (a nearest-neighbour copy would).
    const red = Array.from({ length: 12 }, (_, k) => p.at(40 + k, 45)[0]!);
    expect(red.filter((v) => v !== 220 && v !== 20).length).toBeGreaterThanOrEqual(4);
  });

  it('answers the same request with the same bytes and strong ETag', async () => {
    const a = await item('sku-plain', 'size=mobile-banner&template=bold');
    const b = await item('sku-plain', 'size=mobile-banner&template=bold');
    expect(b.bytes).toEqual(a.bytes);
    expect(a.headers.get('etag')).toBe(`"${await sha256Hex(a.bytes)}"`);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
  });

  it('draws a generator variant when the item has no picture, when asked, or when its picture fails', async () => {
    expect((await item('sku-plain')).headers.get('x-vitrine-picture')).toBe('generated');
    expect((await item('sku-photo', 'picture=generated')).headers.get('x-vitrine-picture')).toBe('generated');
    expect((await item('sku-broken')).headers.get('x-vitrine-picture')).toBe('generated');
    const one = await item('sku-plain', 'seed=1');
    const two = await item('sku-plain', 'seed=2');
    expect(one.headers.get('etag')).not.toBe(two.headers.get('etag'));
  });

  it('draws no picture for an item the generator cannot draw and that has none', async () => {
    const res = await item('sku-hat', 'size=medium-rectangle');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-picture')).toBe('none');
    expect([pixels(res.bytes).width, pixels(res.bytes).height]).toEqual([300, 250]);
  });

  it("uses the brand kit's colour for the button and draws its text", async () => {
    const p = pixels((await item('sku-plain', 'size=medium-rectangle&template=classic')).bytes);
    // The button is a solid field of the kit's primary colour…
    expect(p.count(hexRgb(PRIMARY), 2)).toBeGreaterThan(1500);
    // …with white label text in it, and the title in the kit's text colour (#222226) on the card.
    expect(p.count([255, 255, 255], 10)).toBeGreaterThan(40);
    expect(p.count([34, 34, 38], 12)).toBeGreaterThan(150);
  });

  it('writes the CTA and price in the language asked', async () => {
    const en = await item('sku-photo', 'lang=en');
    const de = await item('sku-photo', 'lang=de');
    expect(en.status).toBe(200);
    expect(de.headers.get('etag')).not.toBe(en.headers.get('etag'));
  });

  it('answers SVG when asked, with the slot size', async () => {
    const res = await item('sku-plain', 'size=leaderboard&format=svg');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    const svg = new TextDecoder().decode(res.bytes);
    expect(svg).toMatch(/^<svg[^>]*width="728"[^>]*height="90"/);
    expect(svg).toContain('<path'); // text is drawn as glyph outlines
  });

  it.each([
    ['sku-nope', '', 404, 'itemId'],
    ['bad id!', '', 400, 'itemId'],
    ['sku-plain', 'size=billboard', 400, 'size'],
    ['sku-plain', 'picture=poster', 400, 'picture'],
    ['sku-plain', 'lang=English', 400, 'lang'],
    ['sku-plain', 'format=gif', 400, 'format'],
  ])('GET items/%s?%s → %i naming %s', async (id, query, status, field) => {
    const res = await getJson<ErrorBody>(`/v1/creatives/items/${encodeURIComponent(id)}?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
  });
});

describe('brand kit in the bucket', () => {
  it('falls back to the default kit when the published kit does not validate', async () => {
    const bad = await putBlob(json({ ...KIT, colors: { primary: 'green' } }));
    await publishAndRefresh({ ...withItems, version: 'creative-items-badkit', brandKit: bad });
    const res = await item('sku-plain', 'size=medium-rectangle');
    expect(res.status).toBe(200);
    const p = pixels(res.bytes);
    expect(p.count(hexRgb(PRIMARY), 2)).toBe(0);
    expect(p.count(hexRgb('#1f5f8b'), 2)).toBeGreaterThan(1500);
    await publishAndRefresh(withItems);
  });

  it('answers 404 naming itemId when the live model publishes no item cards', async () => {
    await publishAndRefresh({ ...base, version: 'creative-items-none' });
    const res = await getJson<ErrorBody>('/v1/creatives/items/sku-plain');
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe('itemId');
  });
});
