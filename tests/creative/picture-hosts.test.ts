/**
 * The picture-host allowlist (`PICTURE_HOSTS`, here `shop.test` from vitest.config.ts): an item
 * banner fetches its product picture only from listed hosts, follows a redirect only to a listed
 * host, and draws a generator variant instead — without sending any request elsewhere.
 */
import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodePng } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import type { BlobRef, CreativeItem, Manifest } from '#shared/schemas';
import { PictureHosts } from '../../edge/creative/items/index.ts';
import { fixtureManifest, get, loadFixture, publishAndRefresh } from './support.ts';

const card = (itemId: string, imageUrl: string): CreativeItem => ({
  itemId,
  title: `Item ${itemId}`,
  price: 20,
  currency: 'EUR',
  imageUrl,
  category: 'bag',
  categoryLabel: 'Bags',
});
const ITEMS = [
  card('sku-listed', 'https://shop.test/p/ok.png'),
  card('sku-elsewhere', 'https://elsewhere.test/p/ok.png'),
  card('sku-bounce', 'https://shop.test/p/bounce.png'),
  card('sku-internal', 'http://169.254.169.254/latest/meta-data'),
  card('sku-relative', '/p/ok.png'),
];
const requested: string[] = [];
let base: Manifest;

async function putBlob(bytes: Uint8Array): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  await env.BUCKET.put(`blobs/${sha256}`, bytes);
  return { key: `blobs/${sha256}`, sha256, size: bytes.length };
}

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
  const shard = await putBlob(new TextEncoder().encode(JSON.stringify({ items: ITEMS })));
  const png = encodePng({ width: 8, height: 8, data: new Uint8Array(256).fill(200) });
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const u = input instanceof Request ? input.url : String(input);
    if (!u.startsWith('https://creative.test')) requested.push(u);
    if (u === 'https://shop.test/p/bounce.png')
      return new Response(null, { status: 302, headers: { location: 'https://elsewhere.test/p/ok.png' } });
    if (u.endsWith('/p/ok.png')) return new Response(png, { headers: { 'content-type': 'image/png' } });
    return real(input, init);
  });
  const itemCards = { hash: 'fnv1a32' as const, shardCount: 1, shards: [shard] };
  await publishAndRefresh({ ...base, version: 'creative-hosts-1', itemCards });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await publishAndRefresh(base);
});

const pictureOf = async (itemId: string) =>
  (await get(`/v1/creatives/items/${itemId}?size=mobile-banner`)).headers.get('x-vitrine-picture');

describe('product pictures only from PICTURE_HOSTS', () => {
  it('fetches a picture from a listed host', async () => {
    expect(await pictureOf('sku-listed')).toBe('product');
    expect(requested).toContain('https://shop.test/p/ok.png');
  });

  it('refuses an unlisted host without requesting it, and draws a generator variant', async () => {
    expect(await pictureOf('sku-elsewhere')).toBe('generated');
    expect(await pictureOf('sku-internal')).toBe('generated');
    expect(requested.filter((u) => !u.startsWith('https://shop.test/'))).toEqual([]);
  });

  it('does not follow a redirect from a listed host to an unlisted one', async () => {
    expect(await pictureOf('sku-bounce')).toBe('generated');
    expect(requested).toContain('https://shop.test/p/bounce.png');
    expect(requested).not.toContain('https://elsewhere.test/p/ok.png');
  });
});

describe('relative picture URLs', () => {
  it('resolves them against the origin the banner was asked on, then applies the list', async () => {
    const on = async (origin: string) =>
      (await SELF.fetch(`${origin}/v1/creatives/items/sku-relative?size=leaderboard`)).headers.get(
        'x-vitrine-picture',
      );
    expect(await on('https://shop.test')).toBe('product');
    expect(await on('https://creative.test')).toBe('generated');
    expect(requested).not.toContain('https://creative.test/p/ok.png');
  });
});

describe('PictureHosts', () => {
  it.each([
    ['shop.test', 'https://shop.test/a.png', true],
    ['shop.test', 'http://shop.test/a.png', true],
    ['shop.test', 'https://img.shop.test/a.png', false],
    ['shop.test', 'https://shop.test.evil.example/a.png', false],
    ['*.cdn.example', 'https://img.cdn.example/a.jpg', true],
    ['*.cdn.example', 'https://cdn.example/a.jpg', false],
    ['*.cdn.example', 'https://evilcdn.example/a.jpg', false],
    ['127.0.0.1:8787', 'http://127.0.0.1:8787/demo/images/1.png', true],
    ['127.0.0.1:8787', 'http://127.0.0.1:9000/demo/images/1.png', false],
    ['shop.test', 'https://user:pw@shop.test/a.png', false],
    ['shop.test', 'ftp://shop.test/a.png', false],
    ['shop.test, cdn.example', 'https://CDN.example/a.png', true],
    ['', 'https://shop.test/a.png', false],
  ])('%j allows %s: %s', (list, url, allowed) => {
    expect(new PictureHosts(list).allows(url)).toBe(allowed);
  });
});
