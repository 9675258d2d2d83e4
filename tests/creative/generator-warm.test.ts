/**
 * Starting a cold generator Worker early: `POST /v1/warm` initialises onnxruntime in the
 * generator Worker without a model (its 68-byte warm-up model runs first in every isolate), and
 * the creative Worker fires it — once per isolate, in the background — before it reads its
 * manifest, for every banner that draws (or may draw) a generated picture, never for one that
 * only shows a product photo. A failed warm-up costs the banner nothing.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import { createCreativeServices } from '../../edge/creative/context/services.ts';
import { produceCreative } from '../../edge/creative/creatives/index.ts';
import { produceItemCreative } from '../../edge/creative/items/index.ts';
import { DETACHED_SCOPE, type RequestScope, ServerTiming } from '../../edge/lib/index.ts';
import { fixture, usePublishedFixture } from './support.ts';

usePublishedFixture();

/** The real generator Worker behind a binding that records each path and can refuse `/v1/warm`. */
function recording(refuseWarm = false) {
  const paths: string[] = [];
  const binding = {
    fetch: async (request: Request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (refuseWarm && path === '/v1/warm') return new Response('no', { status: 503 });
      return env.GENERATOR.fetch(request);
    },
  };
  return { paths, binding };
}

/** A scope that keeps what the Worker hands to waitUntil, so a test can await it. */
function keepingScope() {
  const pending: Promise<unknown>[] = [];
  const scope: RequestScope = { waitUntil: (p) => void pending.push(p) };
  return { scope, settled: () => Promise.all(pending) };
}

function servicesWith(binding: unknown, bucket: unknown = env.BUCKET) {
  return createCreativeServices({
    ...env,
    BUCKET: bucket,
    GENERATOR: binding,
    CREATIVE_MAX_AGE_SECONDS: '0',
  } as unknown as Env);
}

const c = fixture.cases[0]!;
const bannerRequest = {
  category: c.category,
  seed: c.seed,
  size: 'medium-rectangle',
  template: 'classic',
  format: 'png',
} as Parameters<typeof produceCreative>[1];

describe('warming the generator Worker', () => {
  it('answers POST /v1/warm with 204 once onnxruntime runs', async () => {
    const res = await env.GENERATOR.fetch('https://generator.test/v1/warm', { method: 'POST' });
    expect(res.status).toBe(204);
  });

  it('fires the warm-up before the first category banner’s session, once per isolate', async () => {
    const { paths, binding } = recording();
    const services = servicesWith(binding);
    const { scope, settled } = keepingScope();
    const first = await produceCreative(services, bannerRequest, scope, new ServerTiming());
    await settled();
    expect(paths[0]).toBe('/v1/warm');
    expect(paths).toContain('/v1/sessions');
    expect(first.source).toBe('generated');
    expect(await sha256Hex(first.bytes)).toBe(c.sha256);
    await produceCreative(services, { ...bannerRequest, seed: c.seed + 1 }, scope, new ServerTiming());
    await settled();
    expect(paths.filter((p) => p === '/v1/warm')).toHaveLength(1);
  });

  it('draws the generated banner all the same when the warm-up fails', async () => {
    const { paths, binding } = recording(true);
    const { scope, settled } = keepingScope();
    const banner = await produceCreative(servicesWith(binding), bannerRequest, scope, new ServerTiming());
    await settled();
    expect(paths[0]).toBe('/v1/warm');
    expect(banner.source).toBe('generated');
    expect(await sha256Hex(banner.bytes)).toBe(c.sha256);
  });

  it('warms for an item banner that asks for a generated picture, not for one that asks for its photo', async () => {
    const empty = { get: async () => null, head: async () => null };
    const item = (picture: 'generated' | 'product') => {
      const { paths, binding } = recording();
      const request = { itemId: 'sku-1', origin: 'https://shop.test', size: 'medium-rectangle', picture };
      const run = produceItemCreative(
        servicesWith(binding, empty),
        request as Parameters<typeof produceItemCreative>[1],
        DETACHED_SCOPE,
        new ServerTiming(),
      ).catch((e: unknown) => e);
      return run.then((outcome) => ({ outcome, paths }));
    };
    // Fired before the manifest is read: here the bucket holds none, and the banner fails after.
    const generated = await item('generated');
    expect(generated.outcome).toBeInstanceOf(Error);
    expect(generated.paths).toEqual(['/v1/warm']);
    expect((await item('product')).paths).toEqual([]);
  });
});
