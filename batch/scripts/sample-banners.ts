/**
 * Renders the README's sample banners (docs/banner-*.png) with the production banner code: a
 * Fashion-MNIST dress (28×28, the generator's resolution) as the picture — tinted and
 * Lanczos-upscaled like a generator image — and a catalogue item's copy on a sample brand kit.
 *
 *   npx tsx batch/scripts/sample-banners.ts
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { itemCopy, renderBanner } from '#shared/creatives';
import { BrandKit, type CreativeSize, type CreativeTemplate } from '#shared/schemas';
import { nodeBannerEngine } from '../src/creatives/index.ts';
import { loadFashionMnist, locateFashionMnist } from '../src/data/fashion-mnist.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DRESS = 3;

const kit = BrandKit.parse({
  format: 'vitrine-brand-kit',
  version: 1,
  name: 'Maison Exemple',
  colors: { primary: '#8c1d40' },
  language: 'de-DE',
  cta: { en: 'Shop now', de: 'Jetzt entdecken' },
});
const item = {
  itemId: 'sku-4711',
  title: 'Wickelkleid aus Satin',
  price: 135.99,
  currency: 'EUR',
  brand: 'Maison Exemple',
  category: 'dress',
  categoryLabel: 'Kleider',
};

const data = loadFashionMnist(locateFashionMnist().dir).test;
const index = data.labels.indexOf(DRESS);
const pixels = data.images.subarray(index * 784, (index + 1) * 784);
// Fashion-MNIST ink is 255 on 0; the generator's range is [-1, 1] with 1 = product.
const image = Float32Array.from(pixels, (v) => (v / 255) * 2 - 1);

const engine = await nodeBannerEngine();
const samples: [CreativeSize, CreativeTemplate][] = [
  ['medium-rectangle', 'classic'],
  ['leaderboard', 'bold'],
];
for (const [size, template] of samples) {
  const request = {
    size,
    template,
    kit,
    copy: itemCopy(item, kit),
    picture: { kind: 'generated' as const, image, side: 28 },
  };
  const { bytes } = await renderBanner(engine, request, 'png');
  const file = join(ROOT, `docs/banner-${size}-${template}.png`);
  await writeFile(file, bytes);
  console.log(`${file}: ${bytes.length} bytes`);
}
