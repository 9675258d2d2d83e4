/**
 * The generator behind the creative Worker's `GENERATOR` service binding, in workerd: the
 * generator Worker (edge/generator, bundled as an auxiliary Worker over the same bucket) answers
 * its wire format — float32 images, typed errors — and the creative Worker turns what it answers
 * into banners: its picture when it draws, the fallbacks (library, copy-only) with the reason of
 * the generator Worker's error kind when it fails, and `unavailable` when the binding is absent.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { AppError } from '#shared/errors';
import {
  type CreativeHealthResponse,
  type ErrorBody,
  GeneratedImagesHeaders,
  type GeneratorSection,
} from '#shared/schemas';
import { createCreativeServices } from '../../edge/creative/context/services.ts';
import { produceCreative } from '../../edge/creative/creatives/index.ts';
import { openRemoteGenerator } from '../../edge/creative/generator/index.ts';
import worker from '../../edge/creative/index.ts';
import { DETACHED_SCOPE, ServerTiming } from '../../edge/lib/index.ts';
import { categoryUrl, fixture, get, maxAbsDiff, usePublishedFixture } from './support.ts';

const published = usePublishedFixture();

/** POST `body` as JSON to the generator Worker through the binding. */
const post = (path: string, body: unknown) =>
  env.GENERATOR.fetch(`https://generator.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A stand-in generator Worker that answers every call with `answer()` (or throws). */
const answering = (answer: () => Response) => ({ fetch: async () => answer() });
const errorAnswer = (status: number, kind: ErrorBody['error']['kind']) => () =>
  Response.json({ error: { kind, message: `${kind} in the generator Worker` } } satisfies ErrorBody, {
    status,
  });

/**
 * The creative Worker's category banner for `fixture.cases[0]` with `GENERATOR` replaced (colo
 * cache off: every call draws, none is answered from an earlier test's entry).
 */
async function bannerWith(generator: unknown) {
  const services = createCreativeServices({
    ...env,
    GENERATOR: generator,
    CREATIVE_MAX_AGE_SECONDS: '0',
  } as unknown as Env);
  const c = fixture.cases[0]!;
  const request = { category: c.category, seed: c.seed, size: 'medium-rectangle', template: 'classic' };
  return produceCreative(
    services,
    { ...request, format: 'png' } as Parameters<typeof produceCreative>[1],
    DETACHED_SCOPE,
    new ServerTiming(),
  );
}

describe('the generator Worker', () => {
  it('answers float32 images of the manifest’s generator, the same as onnxruntime-web in Node', async () => {
    const c = fixture.cases[0]!;
    const res = await post('/v1/generate', {
      generator: published().generator,
      requests: [
        { category: c.category, seed: c.seed },
        { category: c.category, seed: c.seed },
      ],
    });
    expect(res.status).toBe(200);
    const headers = GeneratedImagesHeaders.parse(Object.fromEntries(res.headers));
    expect(headers['x-vitrine-images']).toBe(2);
    const floats = new Float32Array(await res.arrayBuffer());
    expect(floats).toHaveLength(2 * c.image.length);
    expect(maxAbsDiff(floats.subarray(0, c.image.length), c.image)).toBe(0);
    expect(maxAbsDiff(floats.subarray(c.image.length), c.image)).toBe(0);
  });

  it('answers 400 naming the field for a request without a generator section', async () => {
    const res = await post('/v1/generate', { requests: [{ category: 'coat', seed: 1 }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toMatchObject({ kind: 'invalid_argument', field: 'generator' });
  });

  it('answers not_found for a generator blob the bucket does not hold', async () => {
    const missing = { key: `blobs/${'f'.repeat(64)}`, sha256: 'f'.repeat(64), size: 99 };
    const res = await post('/v1/sessions', { generator: { ...published().generator!, onnx: missing } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.kind).toBe('not_found');
  });
});

describe('the creative Worker over the binding', () => {
  it('draws the banner with the generated picture when the generator Worker answers', async () => {
    const banner = await bannerWith(env.GENERATOR);
    expect(banner.source).toBe('generated');
    expect(await sha256Hex(banner.bytes)).toBe(fixture.cases[0]!.sha256);
  });

  it('maps the generator Worker’s error kinds back to typed errors', async () => {
    const section = published().generator as GeneratorSection;
    const kindOf = (answer: () => Response) =>
      openRemoteGenerator(answering(answer), section).then(
        () => 'opened',
        (e: unknown) => (e instanceof AppError ? e.kind : 'untyped'),
      );
    expect(await kindOf(errorAnswer(502, 'corrupt'))).toBe('corrupt');
    expect(await kindOf(errorAnswer(404, 'not_found'))).toBe('not_found');
    expect(await kindOf(errorAnswer(429, 'resource_exhausted'))).toBe('resource_exhausted');
    // A bug over there is not a bad model here: the banner falls back as for an outage.
    expect(await kindOf(errorAnswer(500, 'internal'))).toBe('unavailable');
    expect(await kindOf(() => new Response('upstream hiccup', { status: 503 }))).toBe('unavailable');
    const unreachable = {
      fetch: async () => {
        throw new Error('network lost');
      },
    };
    await expect(openRemoteGenerator(unreachable, section)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('refuses an answer whose bytes are not the images it names', async () => {
    const section = published().generator as GeneratorSection;
    let calls = 0;
    const short = {
      fetch: async () =>
        ++calls === 1
          ? Response.json({ sha256: section.onnx.sha256, imageSide: section.imageSize })
          : new Response(new Float32Array(5), {
              headers: { 'x-vitrine-images': '1', 'x-vitrine-image-side': '28', 'x-vitrine-channels': '1' },
            }),
    };
    const generator = await openRemoteGenerator(short, section);
    await expect(generator.generate([{ category: 'coat', seed: 1 }])).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('falls back with the reason of the generator Worker’s error', async () => {
    const corrupt = await bannerWith(answering(errorAnswer(502, 'corrupt')));
    expect([corrupt.source, corrupt.fallbackReason]).toEqual(['library', 'generator_corrupt']);
    const large = await bannerWith(answering(errorAnswer(429, 'resource_exhausted')));
    expect(large.fallbackReason).toBe('generator_too_large');
  });

  it('falls back as for an unavailable generator when the GENERATOR binding is absent, and says so in health', async () => {
    const banner = await bannerWith(undefined);
    expect([banner.source, banner.fallbackReason]).toEqual(['library', 'generator_unavailable']);
    const without = { ...env, GENERATOR: undefined } as unknown as Env;
    createCreativeServices(without);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request('https://creative.test/v1/health'), without, ctx);
    await waitOnExecutionContext(ctx);
    const body = (await res.json()) as CreativeHealthResponse;
    expect(body.status).toBe('degraded');
    expect(body.generator.state).toBe('failed');
    expect(body.generator.detail).toContain('GENERATOR');
    // The real binding still serves: the isolate's own services were not touched.
    const res2 = await get(categoryUrl(fixture.cases[0]!));
    expect(res2.headers.get('x-vitrine-creative')).toBe('generated');
  });
});
