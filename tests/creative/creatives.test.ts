/**
 * The creative Worker in workerd, against a store published by the real batch code in Node
 * (tests/fixtures/creative-store): H4a's generator architecture exported by our ONNX exporter,
 * the prebuilt library, and the batch-side answers (onnxruntime-web and onnxruntime-node in Node,
 * banners composed by the shared code).
 *
 * One file on purpose: each test file that loads the Worker imports the 14 MB onnxruntime wasm.
 * Tests run in order; the fallback block flips the manifest and restores it at the end.
 */

import { env } from 'cloudflare:test';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type {
  CreativeHealthResponse,
  CreativeLibraryResponse,
  ErrorBody,
  GeneratorSection,
  Manifest,
} from '#shared/schemas';
import { creativeServicesFor } from '../../edge/creative/context/index.ts';
import { type CreativeGenerator, GeneratorSlot, openGenerator } from '../../edge/creative/generator/index.ts';
import { readVerified } from '../../edge/lib/index.ts';
import {
  fixture,
  fixtureManifest,
  fromBase64,
  get,
  getJson,
  loadFixture,
  maxAbsDiff,
  publishAndRefresh,
} from './support.ts';

let published: Manifest;

beforeAll(async () => {
  await loadFixture();
  published = await fixtureManifest();
  await publishAndRefresh(published);
});

const url = (c: { category: string; seed: number; size: string; template: string }) =>
  `/v1/creatives/${c.category}?seed=${c.seed}&size=${c.size}&template=${c.template}`;

describe('GET /v1/creatives/:category', () => {
  it('returns the very PNG the batch side composed, decoding to the declared size', async () => {
    expect(fixture.cases.length).toBeGreaterThan(0);
    for (const c of fixture.cases) {
      const res = await get(url(c));
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
    const first = await get(url(c));
    const second = await get(url(c));
    expect(second.bytes).toEqual(first.bytes);
    expect(first.headers.get('etag')).toBe(`"${c.sha256}"`);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('answers 304 without a body when If-None-Match carries the ETag', async () => {
    const c = fixture.cases[0]!;
    const res = await get(url(c), { 'if-none-match': `W/"other", "${c.sha256}"` });
    expect(res.status).toBe(304);
    expect(res.bytes.length).toBe(0);
    expect(res.headers.get('etag')).toBe(`"${c.sha256}"`);
  });

  it('fills caches.default and serves the next request from it with the same bytes', async () => {
    const c = { category: 'dress', seed: 31337, size: 'leaderboard', template: 'bold' };
    const first = await get(url(c));
    expect(first.headers.get('x-vitrine-cache')).toBe('miss');
    // The fill runs in waitUntil; poll until it has landed (never a timing assertion).
    let second = await get(url(c));
    for (let i = 0; i < 50 && second.headers.get('x-vitrine-cache') !== 'hit'; i++)
      second = await get(url(c));
    expect(second.headers.get('x-vitrine-cache')).toBe('hit');
    expect(second.bytes).toEqual(first.bytes);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('gives different seeds and categories different images', async () => {
    const base = { category: 'coat', seed: 1, size: 'mobile-banner', template: 'classic' };
    const a = await get(url(base));
    const b = await get(url({ ...base, seed: 2 }));
    const d = await get(url({ ...base, category: 'sandal' }));
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    expect(a.headers.get('etag')).not.toBe(d.headers.get('etag'));
  });
});

describe('edge generator vs batch onnxruntime', () => {
  it('equals onnxruntime-web in Node exactly and onnxruntime-node within 1e-5 (raw image)', async () => {
    const section = published.generator!;
    const generator = await openGenerator(
      await readVerified(creativeServicesFor(env).store, section.onnx),
      section,
    );
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

describe('health', () => {
  it('reports the model version and a ready generator', async () => {
    const { status, body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      modelVersion: fixture.version,
      generator: { sha256: fixture.generator.sha256, state: 'ready' },
      libraryCreatives: published.creatives!.length,
    });
  });
});

describe('model changes and fallbacks', () => {
  afterAll(() => publishAndRefresh(published));

  const libraryCase = { category: 'coat', seed: 1, size: 'medium-rectangle', template: 'classic' };
  const libraryEntry = () =>
    published.creatives!.find((e) => e.category === 'coat' && e.seed === 1 && e.size === 'medium-rectangle')!;

  async function expectLibraryFallback(reason: string) {
    const res = await get(url(libraryCase));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('library');
    expect(res.headers.get('x-vitrine-fallback')).toBe(reason);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await sha256Hex(res.bytes)).toBe(libraryEntry().blob.sha256);
    const png = decode(res.bytes);
    expect([png.width, png.height]).toEqual([300, 250]);
  }

  it('reuses one onnxruntime session for every request of one generator', async () => {
    // SELF's requests run in this isolate, on these very per-isolate services.
    const { generators } = creativeServicesFor(env);
    const before = await generators.get(published.generator!);
    for (const seed of [501, 502, 503]) {
      const res = await get(url({ category: 'bag', seed, size: 'mobile-banner', template: 'classic' }));
      expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    }
    expect(await generators.get(published.generator!)).toBe(before);
  });

  it('replaces the session when the manifest names another generator blob', async () => {
    const { generators } = creativeServicesFor(env);
    const previous = await generators.get(published.generator!);
    const { generator: ref, case: c } = fixture.alternate;
    await publishAndRefresh({
      ...published,
      version: 'alternate-2',
      generator: { ...published.generator!, onnx: ref },
    });
    const res = await get(url(c));
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(res.headers.get('x-vitrine-model-version')).toBe('alternate-2');
    expect(await sha256Hex(res.bytes)).toBe(c.sha256);
    expect(c.sha256).not.toBe(fixture.cases[0]!.sha256);
    const { body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(body.generator).toEqual({ sha256: ref.sha256, state: 'ready' });
    const current = await generators.get({ ...published.generator!, onnx: ref });
    expect(current).not.toBe(previous);
    expect(current.sha256).toBe(ref.sha256);
    // The old model's session was released once the new one was ready: it runs no more.
    await expect(previous.generate([{ category: 'coat', seed: 1 }])).rejects.toThrow();
  });

  it('falls back to the library creative when the generator blob is missing', async () => {
    const missing = { key: `blobs/${'e'.repeat(64)}`, sha256: 'e'.repeat(64), size: 1234 };
    await publishAndRefresh({
      ...published,
      version: 'missing-3',
      generator: { ...published.generator!, onnx: missing },
    });
    await expectLibraryFallback('generator_missing');
    const { body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(body.status).toBe('degraded');
    expect(body.generator.state).toBe('failed');
  });

  it('falls back when the generator blob does not match its sha256', async () => {
    const real = published.generator!.onnx;
    const tampered = fromBase64(fixture.objects[real.key]!).slice();
    tampered[tampered.length - 1]! ^= 0xff;
    const key = `blobs/${'d'.repeat(64)}`;
    await env.BUCKET.put(key, tampered);
    const ref = { key, sha256: 'd'.repeat(64), size: tampered.length };
    await publishAndRefresh({
      ...published,
      version: 'tampered-4',
      generator: { ...published.generator!, onnx: ref },
    });
    await expectLibraryFallback('generator_corrupt');
  });

  it('falls back when the blob is intact but not a model onnxruntime can load', async () => {
    const junk = new TextEncoder().encode('this is not an ONNX model');
    const sha256 = await sha256Hex(junk);
    await env.BUCKET.put(`blobs/${sha256}`, junk);
    const ref = { key: `blobs/${sha256}`, sha256, size: junk.length };
    await publishAndRefresh({
      ...published,
      version: 'junk-5',
      generator: { ...published.generator!, onnx: ref },
    });
    await expectLibraryFallback('generator_corrupt');
  });

  it('draws a copy-only banner of the requested size when the library has none of that size', async () => {
    const res = await get('/v1/creatives/coat?seed=9&size=leaderboard&template=bold');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('copy-only');
    expect(res.headers.get('x-vitrine-fallback')).toBe('generator_corrupt');
    const png = decode(res.bytes);
    expect([png.width, png.height]).toEqual([728, 90]);
  });

  it('falls back to the library when the manifest has no generator at all', async () => {
    const { generator: _dropped, ...rest } = published;
    await publishAndRefresh({ ...rest, version: 'no-generator-6' });
    await expectLibraryFallback('no_generator');
  });

  it('recovers the generated creative once the good generator is published again', async () => {
    await publishAndRefresh({ ...published, version: 'restored-7' });
    const c = fixture.cases[0]!;
    const res = await get(url(c));
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(await sha256Hex(res.bytes)).toBe(c.sha256);
  });
});

describe('GeneratorSlot (session reuse)', () => {
  const section = (sha: string): GeneratorSection => ({
    onnx: { key: `blobs/${sha}`, sha256: sha, size: 1 },
    noiseDim: 8,
    imageSize: 28,
    categories: ['coat'],
  });
  /** Counts opens and releases; the generators never run (the workerd tests above run real ones). */
  function counting(fail = new Set<string>()) {
    const log = { opened: [] as string[], released: [] as string[] };
    const open = async (s: GeneratorSection): Promise<CreativeGenerator> => {
      log.opened.push(s.onnx.sha256);
      if (fail.has(s.onnx.sha256)) throw new Error('broken model');
      return {
        sha256: s.onnx.sha256,
        imageSide: 28,
        generate: async () => [],
        release: async () => void log.released.push(s.onnx.sha256),
      };
    };
    return { log, open };
  }

  it('opens a model once for concurrent callers and again only when the blob changes', async () => {
    const { log, open } = counting();
    const slot = new GeneratorSlot({ open });
    const a = section('a'.repeat(64));
    const got = await Promise.all([slot.get(a), slot.get(a), slot.get(a)]);
    expect(new Set(got).size).toBe(1);
    expect(await slot.get(a)).toBe(got[0]);
    expect(log.opened).toHaveLength(1);
    await slot.get(section('b'.repeat(64)));
    await Promise.resolve();
    expect(log.opened).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(log.released).toEqual(['a'.repeat(64)]);
    expect(slot.status(section('b'.repeat(64)))).toEqual({ state: 'ready' });
  });

  it('remembers a failed model for retryMs, then tries it again', async () => {
    let now = 0;
    const { log, open } = counting(new Set(['c'.repeat(64)]));
    const slot = new GeneratorSlot({ open, retryMs: 1000, now: () => now });
    const c = section('c'.repeat(64));
    await expect(slot.get(c)).rejects.toThrow('broken model');
    now = 999;
    await expect(slot.get(c)).rejects.toThrow('broken model');
    expect(log.opened).toHaveLength(1);
    expect(slot.status(c)).toMatchObject({ state: 'failed', detail: 'broken model' });
    now = 1000;
    await expect(slot.get(c)).rejects.toThrow('broken model');
    expect(log.opened).toHaveLength(2);
  });
});
