/**
 * The creative Worker's prebuilt library in workerd: the listing of a category's banners and
 * `/v1/blobs/<sha256>`, which serves those immutable banners and nothing else of the bucket.
 */

import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { CreativeLibraryResponse, ErrorBody } from '#shared/schemas';
import { fixture, get, getJson, usePublishedFixture } from './support.ts';

usePublishedFixture();

describe('prebuilt library', () => {
  it('lists the category’s creatives with URLs whose immutable blobs decode to the listed size', async () => {
    const { status, body } = await getJson<CreativeLibraryResponse>('/v1/creatives/library/coat');
    expect(status).toBe(200);
    expect(body.modelVersion).toBe(fixture.version);
    expect(body.creatives).toHaveLength(fixture.libraryCount);
    for (const item of body.creatives) {
      expect(item.url).toBe(`https://creative.test/v1/blobs/${item.sha256}`);
      const res = await get(new URL(item.url).pathname);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('etag')).toBe(`"${item.sha256}"`);
      expect(await sha256Hex(res.bytes)).toBe(item.sha256);
      const png = decode(res.bytes);
      expect([png.width, png.height]).toEqual([item.width, item.height]);
    }
  });

  it('serves only creatives of the live manifest from /v1/blobs (not models or shards)', async () => {
    const { status, body } = await getJson<ErrorBody>(`/v1/blobs/${fixture.generator.sha256}`);
    expect(status).toBe(404);
    expect(body.error.kind).toBe('not_found');
  });
});
