/**
 * The demo store, served by the recommend Worker itself so `npm run demo` needs no second
 * server: `/demo` (the page), `/demo/catalogue.json` (the product feed) and
 * `/demo/images/<n>.png` (picture n of `demo/images.u8`, read with a ranged R2 get and encoded
 * on the fly; pixels are stored as shown, 255 = white). The batch side writes both objects
 * (batch/src/demo-store).
 */
import { Hono } from 'hono';
import { encodeGreyPng } from '#shared/codec';
import { AppError } from '#shared/errors';
import { DEMO_CATALOGUE_KEY, DEMO_IMAGE_BYTES, DEMO_IMAGE_SIDE, DEMO_IMAGES_KEY } from '#shared/schemas';
import { ingestConfig, keyForOrigin } from '../events/index.ts';
import { demoPage } from './page.ts';

const notLoaded = (key: string) =>
  new AppError('not_found', `the demo store is not in the bucket (${key}); run npm run demo`, { key });

export const demoRoutes = new Hono<{ Bindings: Env }>()
  .get('/demo', (c) => {
    const endpoint = new URL(c.req.url).origin;
    const publishableKey = keyForOrigin(ingestConfig(c.env).PUBLISHABLE_KEYS, endpoint);
    return c.html(demoPage({ endpoint, publishableKey }), 200, { 'Cache-Control': 'no-store' });
  })
  .get('/demo/catalogue.json', async (c) => {
    const object = await c.env.BUCKET.get(DEMO_CATALOGUE_KEY);
    if (object === null) throw notLoaded(DEMO_CATALOGUE_KEY);
    return c.body(object.body, 200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'public, max-age=60',
    });
  })
  .get('/demo/images/:file', async (c) => {
    const n = /^(\d{1,7})\.png$/.exec(c.req.param('file'))?.[1];
    if (n === undefined)
      throw new AppError('invalid_argument', 'file: must be <number>.png', { field: 'file' });
    const offset = Number(n) * DEMO_IMAGE_BYTES;
    // A range past the end is an R2 error rather than an empty body: check the size first.
    const head = await c.env.BUCKET.head(DEMO_IMAGES_KEY);
    if (head === null) throw notLoaded(DEMO_IMAGES_KEY);
    if (offset + DEMO_IMAGE_BYTES > head.size)
      throw new AppError('not_found', `no demo image ${n}`, { key: DEMO_IMAGES_KEY });
    const object = await c.env.BUCKET.get(DEMO_IMAGES_KEY, { range: { offset, length: DEMO_IMAGE_BYTES } });
    if (object === null) throw notLoaded(DEMO_IMAGES_KEY);
    const pixels = new Uint8Array(await object.arrayBuffer());
    const png = encodeGreyPng(pixels, DEMO_IMAGE_SIDE, DEMO_IMAGE_SIDE);
    return c.body(png, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400' });
  });
