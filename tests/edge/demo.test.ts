/**
 * The demo store routes, served by the local-development entry (edge/src/dev.ts) only: the page
 * embeds the widget with the key allowed for its origin, the feed comes from the bucket, and
 * product pictures are valid PNGs of the stored pixels. The production Worker (wrangler.toml's
 * `main`, what SELF runs) answers none of them.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOGUE_KEY, DEMO_IMAGE_BYTES, DEMO_IMAGES_KEY } from '#shared/schemas';
import devWorker from '../../edge/src/dev.ts';

/** A request to the development Worker (`npm run demo`), with the test bindings. */
async function dev(url: string): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await devWorker.fetch(new Request(url), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function inflate(zlib: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([zlib]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Width, height and pixels of an 8-bit grey PNG with one IDAT chunk and no row filters. */
async function decodeGreyPng(
  png: Uint8Array,
): Promise<{ width: number; height: number; pixels: Uint8Array }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  let idat: Uint8Array = new Uint8Array(0);
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect([data[8], data[9]]).toEqual([8, 0]);
    }
    if (type === 'IDAT') idat = data;
    at += 12 + length;
  }
  const raw = await inflate(idat);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, pixels };
}

describe('demo store', () => {
  it('serves the page with widget.js and the publishable key allowed for its origin', async () => {
    const page = await (await dev('http://127.0.0.1:8787/demo')).text();
    expect(page).toContain('<script src="http://127.0.0.1:8787/widget.js"');
    expect(page).toContain('"key":"pk_demo_vitrine"');
    const elsewhere = await (await dev('https://shop.example/demo')).text();
    expect(elsewhere).toContain('"key":null');
  });

  it('serves the feed from the bucket, and a 404 that says how to load it when absent', async () => {
    const missing = await dev('https://vitrine.test/demo/catalogue.json');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('npm run demo');
    const feed = { items: [{ itemId: 'i1', title: 'Linen dress', price: 39, image: '/demo/images/0.png' }] };
    await env.BUCKET.put(DEMO_CATALOGUE_KEY, JSON.stringify(feed));
    const res = await dev('https://vitrine.test/demo/catalogue.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(feed);
  });

  it('encodes picture n of the image strip as a 28×28 grey PNG', async () => {
    const strip = new Uint8Array(3 * DEMO_IMAGE_BYTES).map((_, i) => (i * 7) % 256);
    await env.BUCKET.put(DEMO_IMAGES_KEY, strip);
    const res = await dev('https://vitrine.test/demo/images/2.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/png');
    const { width, height, pixels } = await decodeGreyPng(new Uint8Array(await res.arrayBuffer()));
    expect([width, height]).toEqual([28, 28]);
    expect(pixels).toEqual(strip.subarray(2 * DEMO_IMAGE_BYTES));
    expect((await dev('https://vitrine.test/demo/images/3.png')).status).toBe(404);
    expect((await dev('https://vitrine.test/demo/images/x.gif')).status).toBe(400);
  });
});

describe('production Worker (wrangler.toml main)', () => {
  it('serves no demo route, even with the demo store in the bucket', async () => {
    await env.BUCKET.put(DEMO_CATALOGUE_KEY, JSON.stringify({ items: [] }));
    await env.BUCKET.put(DEMO_IMAGES_KEY, new Uint8Array(DEMO_IMAGE_BYTES));
    for (const path of ['/demo', '/demo?item=i1', '/demo/catalogue.json', '/demo/images/0.png']) {
      const res = await SELF.fetch(`http://127.0.0.1:8787${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('vitrine-recs');
      expect((await dev(`http://127.0.0.1:8787${path}`)).status, path).toBe(200);
    }
    // The rest of the Worker is the same in both entries.
    expect((await SELF.fetch('http://127.0.0.1:8787/widget.js')).status).toBe(200);
    expect((await dev('http://127.0.0.1:8787/widget.js')).status).toBe(200);
  });
});
