/**
 * The creative Worker's generator over the model's life, in workerd, with the generator Worker
 * behind the real GENERATOR binding: health, one generator per blob (replaced when the manifest
 * names another), and the fallbacks when the generator is missing, corrupt, unloadable or absent
 * — the generator Worker's typed errors, mapped back — library banner, else a copy-only one —
 * until a good generator is published again. Tests run in order; the fallback block flips the
 * manifest and restores it at the end. `GeneratorSlot`'s reuse rules are tested on their own below.
 */

import { env } from 'cloudflare:test';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { BlobRef, CreativeHealthResponse, GeneratorSection } from '#shared/schemas';
import { creativeServicesFor } from '../../edge/creative/context/index.ts';
import { type CreativeGenerator, GeneratorSlot } from '../../edge/lib/index.ts';
import {
  categoryUrl,
  fixture,
  fromBase64,
  get,
  getJson,
  maxAbsDiff,
  publishAndRefresh,
  usePublishedFixture,
} from './support.ts';

const published = usePublishedFixture();

describe('health', () => {
  it('reports the model version and a ready generator', async () => {
    const { status, body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      modelVersion: fixture.version,
      generator: { sha256: fixture.generator.sha256, state: 'ready' },
      libraryCreatives: published().creatives!.length,
    });
  });
});

describe('model changes and fallbacks', () => {
  afterAll(() => publishAndRefresh(published()));

  /** Publishes the fixture as `version` with its generator's ONNX blob swapped for `onnx`. */
  const publishGeneratorBlob = (version: string, onnx: BlobRef) =>
    publishAndRefresh({ ...published(), version, generator: { ...published().generator!, onnx } });

  const libraryCase = { category: 'coat', seed: 1, size: 'medium-rectangle', template: 'classic' };
  const libraryEntry = () =>
    published().creatives!.find(
      (e) => e.category === 'coat' && e.seed === 1 && e.size === 'medium-rectangle',
    )!;

  async function expectLibraryFallback(reason: string) {
    const res = await get(categoryUrl(libraryCase));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('library');
    expect(res.headers.get('x-vitrine-fallback')).toBe(reason);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await sha256Hex(res.bytes)).toBe(libraryEntry().blob.sha256);
    const png = decode(res.bytes);
    expect([png.width, png.height]).toEqual([300, 250]);
  }

  it('opens one generator per model and reuses it for every request', async () => {
    // SELF's requests run in this isolate, on these very per-isolate services.
    const { generators } = creativeServicesFor(env);
    const before = await generators.get(published().generator!);
    for (const seed of [501, 502, 503]) {
      const res = await get(
        categoryUrl({ category: 'bag', seed, size: 'mobile-banner', template: 'classic' }),
      );
      expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    }
    expect(await generators.get(published().generator!)).toBe(before);
  });

  it('replaces the generator when the manifest names another generator blob', async () => {
    const { generators } = creativeServicesFor(env);
    const previous = await generators.get(published().generator!);
    const { generator: ref, case: c } = fixture.alternate;
    await publishGeneratorBlob('alternate-2', ref);
    const res = await get(categoryUrl(c));
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(res.headers.get('x-vitrine-model-version')).toBe('alternate-2');
    expect(await sha256Hex(res.bytes)).toBe(c.sha256);
    expect(c.sha256).not.toBe(fixture.cases[0]!.sha256);
    const { body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(body.generator).toEqual({ sha256: ref.sha256, state: 'ready' });
    const current = await generators.get({ ...published().generator!, onnx: ref });
    expect(current).not.toBe(previous);
    expect(current.sha256).toBe(ref.sha256);
    // Every call names its model, so a request still holding the old one draws the old model's
    // image (the generator Worker loads what it is asked for), never the new one's.
    const same = { category: c.category, seed: c.seed };
    const [old] = await previous.generate([same]);
    const [now] = await current.generate([same]);
    expect(maxAbsDiff(old!, fixture.cases[0]!.image)).toBe(0);
    expect(maxAbsDiff(now!, c.image)).toBe(0);
  });

  it('falls back to the library creative when the generator blob is missing', async () => {
    const missing = { key: `blobs/${'e'.repeat(64)}`, sha256: 'e'.repeat(64), size: 1234 };
    await publishGeneratorBlob('missing-3', missing);
    await expectLibraryFallback('generator_missing');
    const { body } = await getJson<CreativeHealthResponse>('/v1/health');
    expect(body.status).toBe('degraded');
    expect(body.generator.state).toBe('failed');
  });

  it('falls back when the generator blob does not match its sha256', async () => {
    const real = published().generator!.onnx;
    const tampered = fromBase64(fixture.objects[real.key]!).slice();
    tampered[tampered.length - 1]! ^= 0xff;
    const key = `blobs/${'d'.repeat(64)}`;
    await env.BUCKET.put(key, tampered);
    const ref = { key, sha256: 'd'.repeat(64), size: tampered.length };
    await publishGeneratorBlob('tampered-4', ref);
    await expectLibraryFallback('generator_corrupt');
  });

  it('falls back when the blob is intact but not a model onnxruntime can load', async () => {
    const junk = new TextEncoder().encode('this is not an ONNX model');
    const sha256 = await sha256Hex(junk);
    await env.BUCKET.put(`blobs/${sha256}`, junk);
    const ref = { key: `blobs/${sha256}`, sha256, size: junk.length };
    await publishGeneratorBlob('junk-5', ref);
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
    const { generator: _dropped, ...rest } = published();
    await publishAndRefresh({ ...rest, version: 'no-generator-6' });
    await expectLibraryFallback('no_generator');
  });

  it('recovers the generated creative once the good generator is published again', async () => {
    await publishAndRefresh({ ...published(), version: 'restored-7' });
    const c = fixture.cases[0]!;
    const res = await get(categoryUrl(c));
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
