/**
 * RGB generators through the batch side of the creative loop: gan-export records the channels in
 * the generator entry the pipeline publishes (3 for RGB, 1 for grey), and the batch generator
 * (openOnnxGenerator) opens an RGB model and the library draws its colour pictures — the very
 * banners the shared code composes from the model's own output.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { categoryCopy, DEFAULT_BRAND_KIT, generatorInputs, renderBanner } from '#shared/creatives';
import { sha256Hex } from '#shared/crypto';
import { createRng } from '#shared/random';
import { Manifest } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import { nodeBannerEngine, openOnnxGenerator } from '../../../batch/src/creatives/index.ts';
import { buildGanCreatives } from '../../../batch/src/jobs/gan-creatives.ts';
import { exportGanGenerator } from '../../../batch/src/jobs/gan-export.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import { tinyGanConfig } from './tiny-gan.ts';

const SIDE = 16;
const CATEGORIES = ['red-things', 'blue-things'];

/** 8 seeded random SIDE² images of `channels` channels, alternating the two categories. */
function toyImages(channels: 1 | 3) {
  const rng = createRng(9);
  const count = 8;
  return {
    images: Uint8Array.from({ length: count * SIDE * SIDE * channels }, () => rng.nextInt(256)),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 2),
    count,
    rows: SIDE,
    cols: SIDE,
    channels,
  };
}

/** One training step of a tiny GAN on `channels`-channel images, exported through the parity gate. */
async function exportTiny(store: MemoryStore, prefix: string, channels: 1 | 3) {
  await trainGan({
    data: toyImages(channels),
    categories: CATEGORIES,
    config: tinyGanConfig(),
    checkpoint: { store, prefix, every: 1 },
  });
  return exportGanGenerator({ store, prefix });
}

const store = new MemoryStore('rgb-generator');
let rgb: Awaited<ReturnType<typeof exportTiny>>;

beforeAll(async () => {
  rgb = await exportTiny(store, 'rgb', 3);
});

describe('RGB generators in batch', () => {
  it('records 3 channels in the exported generator entry (1 for a grey one)', async () => {
    expect(rgb.listing.generator).toMatchObject({ imageSize: SIDE, channels: 3, categories: CATEGORIES });
    expect(Manifest.shape.generator.parse(rgb.listing.generator)?.channels).toBe(3);
    const grey = await exportTiny(store, 'grey', 1);
    expect(grey.listing.generator).toMatchObject({ imageSize: SIDE, channels: 1 });
  });

  it('opens an RGB model and draws side×side×3 values per image', async () => {
    const generator = await openOnnxGenerator(rgb.onnx);
    try {
      expect([generator.imageSide, generator.channels, generator.numClasses]).toEqual([SIDE, 3, 2]);
      const requests = [
        { category: CATEGORIES[0]!, seed: 1 },
        { category: CATEGORIES[1]!, seed: 2 },
      ];
      const images = await generator.generate(generatorInputs(requests, 8, CATEGORIES));
      expect(images.length).toBe(2 * SIDE * SIDE * 3);
    } finally {
      await generator.close();
    }
  });

  it('renders the library of an RGB model: each banner is the colour picture of its own seed', async () => {
    const { listing } = await buildGanCreatives({
      store,
      prefix: 'rgb',
      variants: 2,
      sizes: ['medium-rectangle'],
    });
    expect(listing.creatives).toHaveLength(4);
    const generator = await openOnnxGenerator(rgb.onnx);
    const engine = await nodeBannerEngine();
    try {
      for (const entry of listing.creatives) {
        expect([entry.size, entry.template]).toEqual(['medium-rectangle', 'classic']);
        const request = { category: entry.category, seed: entry.seed };
        const image = await generator.generate(generatorInputs([request], 8, CATEGORIES));
        const kit = DEFAULT_BRAND_KIT;
        const { bytes } = await renderBanner(
          engine,
          {
            size: 'medium-rectangle',
            template: 'classic',
            kit,
            copy: categoryCopy(entry.category, kit),
            picture: { kind: 'generated', image, side: SIDE },
          },
          'png',
        );
        expect(entry.blob.sha256).toBe(await sha256Hex(bytes));
      }
    } finally {
      await generator.close();
    }
  });
});
