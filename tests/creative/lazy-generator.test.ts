/**
 * The onnxruntime session is built only where a banner needs the generator (cold-start budget):
 * a fresh isolate that loads a model builds none, a product-picture banner never builds one, the
 * first generator banner does — and once an isolate has drawn with a generator, the next model's
 * generator is built when that model goes live, before any request asks for it.
 * Runs on the Worker's own services (a fresh set bound to the test env), in workerd.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodePng } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import { type BlobRef, type CreativeItem, ItemCreativeQuery, type Manifest } from '#shared/schemas';
import { createCreativeServices } from '../../edge/creative/context/services.ts';
import { produceItemCreative } from '../../edge/creative/items/index.ts';
import { type RequestScope, ServerTiming } from '../../edge/lib/index.ts';
import { goLive } from '../support/live-manifest.ts';
import { fixture, fixtureManifest, loadFixture } from './support.ts';

const PHOTO_URL = 'https://shop.test/p/lazy.png';
const ITEMS: CreativeItem[] = [
  {
    itemId: 'lazy-photo',
    title: 'Linen shirt',
    price: 49.5,
    currency: 'USD',
    imageUrl: PHOTO_URL,
    category: 'shirt',
  },
  { itemId: 'lazy-plain', title: 'Wrap dress', price: 135.99, currency: 'EUR', category: 'dress' },
];

/** A scope whose background work the test can wait for. */
function scope(): RequestScope & { settled(): Promise<unknown> } {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (p) => void pending.push(p.catch(() => undefined)),
    settled: () => Promise.all(pending),
  };
}

async function putBlob(bytes: Uint8Array): Promise<BlobRef> {
  const sha256 = await sha256Hex(bytes);
  await env.BUCKET.put(`blobs/${sha256}`, bytes);
  return { key: `blobs/${sha256}`, sha256, size: bytes.length };
}

let live: Manifest;

beforeAll(async () => {
  await loadFixture();
  const shard = await putBlob(new TextEncoder().encode(JSON.stringify({ items: ITEMS })));
  live = {
    ...(await fixtureManifest()),
    version: 'lazy-1',
    itemCards: { hash: 'fnv1a32', shardCount: 1, shards: [shard] },
  };
  await goLive(env.BUCKET, live);
  const photo = encodePng({ width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(200) });
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    return url === PHOTO_URL
      ? new Response(photo, { headers: { 'content-type': 'image/png' } })
      : real(input, init);
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('generator sessions are built lazily', () => {
  it('builds none for a fresh isolate’s model, nor for a product-picture banner; the first generated picture does', async () => {
    const services = createCreativeServices(env);
    const s = scope();
    await services.manifests.current(s);
    await s.settled();
    expect(services.generators.status(live.generator).state).toBe('idle');

    const request = (itemId: string) => ({
      ...ItemCreativeQuery.parse({ size: 'medium-rectangle' }),
      itemId,
      origin: 'https://creative.test',
    });
    const photo = await produceItemCreative(services, request('lazy-photo'), s, new ServerTiming());
    await s.settled();
    expect(photo.picture).toBe('product');
    expect(services.generators.used).toBe(false);
    expect(services.generators.status(live.generator).state).toBe('idle');

    const drawn = await produceItemCreative(services, request('lazy-plain'), s, new ServerTiming());
    expect(drawn.picture).toBe('generated');
    expect(services.generators.status(live.generator).state).toBe('ready');

    // This isolate draws with generators now: the next model's one is built as it goes live.
    const next = {
      ...live,
      version: 'lazy-2',
      generator: { ...live.generator!, onnx: fixture.alternate.generator },
    };
    await goLive(env.BUCKET, next);
    const refresh = scope();
    expect(await services.manifests.refresh(refresh)).toBe('updated');
    await refresh.settled();
    expect(services.generators.status(next.generator).state).toBe('ready');
  });
});
