/**
 * The creative Worker's on-demand banner route in workerd, against a store published by the real
 * batch code in Node (tests/fixtures/creative-store): H4a's generator architecture exported by our
 * ONNX exporter, and the batch-side answers (onnxruntime-web and onnxruntime-node in Node, banners
 * composed by the shared code). The bytes must be the batch side's, the generator's raw output
 * onnxruntime's, and bad queries 400s naming the field.
 */

import { env } from 'cloudflare:test';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { ErrorBody } from '#shared/schemas';
import { openRemoteGenerator } from '../../edge/creative/generator/index.ts';
import {
  categoryUrl,
  fixture,
  fromBase64,
  get,
  getJson,
  maxAbsDiff,
  usePublishedFixture,
} from './support.ts';

const published = usePublishedFixture();

describe('GET /v1/creatives/:category', () => {
  it('returns the very PNG the batch side composed, decoding to the declared size', async () => {
    expect(fixture.cases.length).toBeGreaterThan(0);
    for (const c of fixture.cases) {
      const res = await get(categoryUrl(c));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-vitrine-creative')).toBe('generated');
      expect(res.headers.get('x-vitrine-model-version')).toBe(fixture.version);
      const png = decode(res.bytes);
      expect([png.width, png.height]).toEqual([c.width, c.height]);
      // Composition is integer maths over the generator output, so equal images give equal bytes.
      expect(await sha256Hex(res.bytes)).toBe(c.sha256);
      expect(res.bytes).toEqual(fromBase64(c.pngBase64));
    }
  });

  it('answers the same request twice with the same bytes and the same strong ETag', async () => {
    const c = fixture.cases[1]!;
    const first = await get(categoryUrl(c));
    const second = await get(categoryUrl(c));
    expect(second.bytes).toEqual(first.bytes);
    expect(first.headers.get('etag')).toBe(`"${c.sha256}"`);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('answers 304 without a body when If-None-Match carries the ETag', async () => {
    const c = fixture.cases[0]!;
    const res = await get(categoryUrl(c), { 'if-none-match': `W/"other", "${c.sha256}"` });
    expect(res.status).toBe(304);
    expect(res.bytes.length).toBe(0);
    expect(res.headers.get('etag')).toBe(`"${c.sha256}"`);
  });

  it('fills caches.default and serves the next request from it with the same bytes', async () => {
    const c = { category: 'dress', seed: 31337, size: 'leaderboard', template: 'bold' };
    const first = await get(categoryUrl(c));
    expect(first.headers.get('x-vitrine-cache')).toBe('miss');
    // The fill runs in waitUntil; poll until it has landed (never a timing assertion).
    let second = await get(categoryUrl(c));
    for (let i = 0; i < 50 && second.headers.get('x-vitrine-cache') !== 'hit'; i++)
      second = await get(categoryUrl(c));
    expect(second.headers.get('x-vitrine-cache')).toBe('hit');
    expect(second.bytes).toEqual(first.bytes);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('gives different seeds and categories different images', async () => {
    const base = { category: 'coat', seed: 1, size: 'mobile-banner', template: 'classic' };
    const a = await get(categoryUrl(base));
    const b = await get(categoryUrl({ ...base, seed: 2 }));
    const d = await get(categoryUrl({ ...base, category: 'sandal' }));
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    expect(a.headers.get('etag')).not.toBe(d.headers.get('etag'));
  });
});

describe('edge generator vs batch onnxruntime', () => {
  it('equals onnxruntime-web in Node exactly and onnxruntime-node within 1e-5 (raw image, through the GENERATOR binding)', async () => {
    const section = published().generator!;
    const generator = await openRemoteGenerator(env.GENERATOR, section);
    try {
      expect(fixture.cases.length).toBeGreaterThan(0);
      for (const c of fixture.cases) {
        const [image] = await generator.generate([{ category: c.category as 'coat', seed: c.seed }]);
        expect(image).toHaveLength(fixture.cases[0]!.image.length);
        // Same onnxruntime-web build, one thread, same graph: the same float operations.
        expect(maxAbsDiff(image!, c.image)).toBe(0);
        // Native CPU kernels sum in another order: tolerance 1e-5 on values in [-1, 1].
        expect(maxAbsDiff(image!, c.imageNative)).toBeLessThanOrEqual(1e-5);
      }
    } finally {
      await generator.release();
    }
  });
});

describe('invalid requests', () => {
  const cases: [string, string][] = [
    ['/v1/creatives/Hat', 'category'],
    ['/v1/creatives/coat?size=billboard', 'size'],
    ['/v1/creatives/coat?template=neon', 'template'],
    ['/v1/creatives/coat?seed=-1', 'seed'],
    ['/v1/creatives/coat?seed=abc', 'seed'],
    ['/v1/creatives/coat?seed=', 'seed'],
    ['/v1/creatives/coat?seed=1.5', 'seed'],
    ['/v1/creatives/coat?seed=4294967296', 'seed'],
    ['/v1/creatives/library/Hat%20box', 'category'],
    ['/v1/blobs/not-a-digest', 'sha256'],
  ];
  it.each(cases)('GET %s → 400 naming %s', async (path, field) => {
    const { status, body } = await getJson<ErrorBody>(path);
    expect(status).toBe(400);
    expect(body.error.kind).toBe('invalid_argument');
    expect(body.error.field).toBe(field);
  });
});
