/**
 * A brand kit's own font in workerd: the kit names its font blob (published and checked by the
 * pipeline); the creative Worker reads and verifies it, draws the characters it has in it and the
 * rest in Inter — byte for byte as the shared code does in Node — and while the blob cannot be
 * read it draws in Inter (under another cache key, logged) and tries again on the next request.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { BlobRef, Manifest } from '#shared/schemas';
import { fixture, fixtureManifest, fromBase64, get, loadFixture, publishAndRefresh } from './support.ts';

async function putBlob(bytes: Uint8Array): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  const key = `blobs/${sha256}`;
  await env.BUCKET.put(key, bytes);
  return { key, sha256, size: bytes.length };
}

const brand = fixture.scripts.brandFont;
let base: Manifest;

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
  await env.BUCKET.delete(brand.font.key); // published below, once the test has seen it missing
  const json = (v: string) => new TextEncoder().encode(v);
  const cards = await putBlob(json(JSON.stringify({ items: fixture.scripts.items })));
  await publishAndRefresh({
    ...base,
    version: 'creative-brand-font-1',
    itemCards: { hash: 'fnv1a32', shardCount: 1, shards: [cards] },
    brandKit: await putBlob(json(brand.kitJson)),
    brandFonts: [brand.font],
  });
});

afterAll(async () => {
  await publishAndRefresh(base);
});

const banner = () =>
  get(`/v1/creatives/items/${brand.itemId}?size=medium-rectangle&template=classic&lang=${brand.lang}`);

describe("the brand kit's own font", () => {
  it('draws in Inter while the font blob is missing, then in the font, as Node draws it', async () => {
    const expected = fromBase64(brand.pngBase64);
    const without = await banner();
    expect(without.status).toBe(200);
    expect(without.bytes).not.toEqual(expected);
    await env.BUCKET.put(brand.font.key, fromBase64(brand.fontBase64));
    const withFont = await banner();
    expect(withFont.status).toBe(200);
    expect(withFont.headers.get('x-vitrine-uncovered')).toBeNull();
    expect(withFont.bytes).toEqual(expected);
    expect(withFont.headers.get('etag')).not.toBe(without.headers.get('etag'));
  });
});
