/**
 * Every script a shop's copy may use, in workerd: item banners titled in Cyrillic, Greek and
 * Vietnamese, and a ja-JP yen price, come out byte for byte as the shared code draws them in
 * Node (the Inter subsets bundled as Data modules, opened when the copy needs them), with no
 * uncovered characters; a title no bundled face covers is reported in `X-Vitrine-Uncovered`
 * (also on a colo-cache hit) and drawn as the item's category label.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codePointList } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import type { BlobRef, Manifest } from '#shared/schemas';
import { fixture, fixtureManifest, fromBase64, get, loadFixture, publishAndRefresh } from './support.ts';

async function putBlob(bytes: Uint8Array): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  const key = `blobs/${sha256}`;
  await env.BUCKET.put(key, bytes);
  return { key, sha256, size: bytes.length };
}

let base: Manifest;

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
  const shard = await putBlob(new TextEncoder().encode(JSON.stringify({ items: fixture.scripts.items })));
  await publishAndRefresh({
    ...base,
    version: 'creative-scripts-1',
    itemCards: { hash: 'fnv1a32', shardCount: 1, shards: [shard] },
  });
});

afterAll(async () => {
  await publishAndRefresh(base);
});

const banner = (itemId: string, lang: string) =>
  get(`/v1/creatives/items/${itemId}?size=medium-rectangle&template=classic&lang=${lang}`);

describe('item banners in every script', () => {
  it.each(fixture.scripts.cases.filter((c) => c.uncovered.length === 0))(
    'draws $itemId ($lang) as Node does, with every character covered',
    async (c) => {
      const res = await banner(c.itemId, c.lang);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-vitrine-picture')).toBe('none');
      expect(res.headers.get('x-vitrine-uncovered')).toBeNull();
      expect(res.bytes).toEqual(fromBase64(c.pngBase64));
    },
  );

  it('reports a title no face covers in X-Vitrine-Uncovered, also from the colo cache', async () => {
    const c = fixture.scripts.cases.find((s) => s.itemId === 'sku-cjk')!;
    expect(c.uncovered.length).toBeGreaterThan(0);
    const first = await banner(c.itemId, c.lang);
    expect(first.headers.get('x-vitrine-uncovered')).toBe(codePointList(c.uncovered));
    expect(first.headers.get('x-vitrine-uncovered')).toContain('U+8FDE');
    expect(first.bytes).toEqual(fromBase64(c.pngBase64));
    // The fill runs in waitUntil; poll until it has landed (never a timing assertion).
    let again = await banner(c.itemId, c.lang);
    for (let i = 0; i < 50 && again.headers.get('x-vitrine-cache') !== 'hit'; i++)
      again = await banner(c.itemId, c.lang);
    expect(again.headers.get('x-vitrine-cache')).toBe('hit');
    expect(again.headers.get('x-vitrine-uncovered')).toBe(codePointList(c.uncovered));
  });
});
