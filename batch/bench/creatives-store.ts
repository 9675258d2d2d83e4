/**
 * The data of bench:creatives' real-Worker runs: a published store (the tiny recommender, the
 * generator with its one-variant library, item cards) and a local picture host for the items'
 * product photos (600×600 PNGs, a size shops serve; each item its own URL).
 */
import { createServer, type Server } from 'node:http';
import { encodePng } from '#shared/creatives';
import { createRng } from '#shared/random';
import type { GeneratorSection, ItemCard } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { buildCreativeLibrary, openOnnxGenerator } from '../src/creatives/index.ts';
import { publishItemCards } from '../src/data/catalogue-details.ts';
import { FASHION_CLASS_IDS as CLASSES } from '../src/data/fashion-mnist.ts';
import { buildGenerator } from '../src/models/gan/generator.ts';
import { GAN_PRESET_VALUES } from '../src/models/gan/presets.ts';
import { exportLayersModel } from '../src/onnx/index.ts';
import { publish } from '../src/publish/index.ts';
import { initTf } from '../src/runtime/tf.ts';
import type { ServingPaths } from './creatives-serving.ts';
import { tinyRecommender } from './fixtures/tiny-recommender.ts';

const PHOTO_SIDE = 600;

/** A 600² product-like photo: a soft disc on a gradient, shifted by `i` so photos differ. */
function photo(i: number): Uint8Array {
  const data = new Uint8Array(PHOTO_SIDE * PHOTO_SIDE * 4);
  const c = PHOTO_SIDE / 2 + (i % 40);
  for (let y = 0, o = 0; y < PHOTO_SIDE; y++) {
    for (let x = 0; x < PHOTO_SIDE; x++, o += 4) {
      const inside = (x - c) ** 2 + (y - c) ** 2 < (PHOTO_SIDE / 3) ** 2;
      data[o] = inside ? 180 + (i % 60) : 235;
      data[o + 1] = inside ? 60 + ((x + i) % 90) : 232;
      data[o + 2] = inside ? 70 : 228 - (y >> 4);
      data[o + 3] = 255;
    }
  }
  return encodePng({ width: PHOTO_SIDE, height: PHOTO_SIDE, data });
}

/** Serves `/p/<i>.png` on 127.0.0.1:`port`. */
export async function servePhotos(port: number): Promise<Server> {
  const cache = new Map<number, Uint8Array>();
  const server = createServer((req, res) => {
    const i = Number(/^\/p\/(\d+)\.png$/.exec(req.url ?? '')?.[1] ?? Number.NaN);
    if (!Number.isInteger(i)) return void res.writeHead(404).end();
    const bytes = cache.get(i) ?? photo(i);
    cache.set(i, bytes);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return server;
}

/** Item cards: `photo-<i>` with a product photo on `origin`, `plain-<i>` without one. */
function cards(origin: string, count: number): ItemCard[] {
  return Array.from({ length: count }, (_, i) => {
    const category = CLASSES[i % CLASSES.length]!;
    const base = { price: 19.9 + i, currency: 'EUR', brand: 'Maison Exemple', category };
    return [
      {
        ...base,
        itemId: `photo-${i}`,
        title: `Wool coat with belt no. ${i}`,
        imageUrl: `${origin}/p/${i}.png`,
      },
      { ...base, itemId: `plain-${i}`, title: `Linen shirt, relaxed fit no. ${i}` },
    ];
  }).flat();
}

/** The request paths of the bench store's banners (all medium-rectangle, `classic`). */
export const BENCH_PATHS: ServingPaths = {
  category: (seed) => `/v1/creatives/coat?seed=${seed}&size=medium-rectangle`,
  photoItem: (i) => `/v1/creatives/items/photo-${i}?size=medium-rectangle`,
  // A seed per item: items of one category with one seed share a generated picture (and the
  // picture cache would serve it), so every request here draws a picture of its own.
  generatedItem: (i) => `/v1/creatives/items/plain-${i}?size=medium-rectangle&seed=${i}`,
};

/**
 * A published store whose generator is `onnx` (library: 1 variant per category, 1 size) with
 * `items` photo items and `items` items without a picture; returns every object by key, and the
 * manifest's generator section (what the creative Worker names to the generator Worker).
 */
export async function benchStore(
  onnx: Uint8Array,
  noiseDim: number,
  photoOrigin: string,
  items: number,
): Promise<{ objects: Map<string, Uint8Array>; section: GeneratorSection }> {
  const store = new MemoryStore('bench');
  const generator = await openOnnxGenerator(onnx);
  let section: GeneratorSection | undefined;
  await publish(
    store,
    async (put) => {
      section = { onnx: await put(onnx), noiseDim, categories: [...CLASSES], imageSize: 28, channels: 1 };
      return {
        ...(await tinyRecommender(put)),
        generator: section,
        creatives: await buildCreativeLibrary({
          store,
          generator,
          classes: CLASSES,
          variants: 1,
          sizes: ['medium-rectangle'],
        }),
        itemCards: await publishItemCards(cards(photoOrigin, items), put),
      };
    },
    { version: 'bench-1' },
  );
  await generator.close();
  const objects = new Map<string, Uint8Array>();
  for (const { key } of await store.list('')) objects.set(key, await store.get(key));
  if (section === undefined) throw new Error('benchStore: publish did not build the manifest');
  return { objects, section };
}

/**
 * The `preset` GAN architecture's generator with seeded random weights (speed does not depend on
 * weight values), exported to ONNX by our exporter.
 *
 * @example
 * const { onnx, zDim } = await benchGeneratorOnnx('demo');
 */
export async function benchGeneratorOnnx(
  preset: 'demo' | 'full',
): Promise<{ onnx: Uint8Array; zDim: number; width: number }> {
  await initTf();
  const c = GAN_PRESET_VALUES[preset];
  const g = buildGenerator({ zDim: c.zDim, channels: [2 * c.width, c.width] }, createRng(1).fork(preset));
  const onnx = exportLayersModel(g, { inputNames: ['noise', 'label'], outputNames: ['image'] }).bytes;
  g.dispose();
  return { onnx, zDim: c.zDim, width: c.width };
}
