/**
 * The prebuilt creative library: every category × variant × size (× template) is stored as a
 * content-addressed PNG whose digest matches its bytes, listed in the manifest's shape, and equal
 * to what an on-demand render of the same (category, seed) gives.
 */
import { createHash } from 'node:crypto';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { categoryCopy, DEFAULT_BRAND_KIT, generatorInputs, renderBanner } from '#shared/creatives';
import { CREATIVE_SIZES, CreativeEntry, Manifest } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import {
  buildCreativeLibrary,
  nodeBannerEngine,
  type OnnxGenerator,
  openOnnxGenerator,
  storeGenerator,
} from '../../../batch/src/creatives/index.ts';
import { FASHION_CLASS_IDS as CATEGORIES } from '../../../batch/src/data/fashion-mnist.ts';
import { exportLayersModel } from '../../../batch/src/onnx/index.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';
import { tinyGenerator } from '../onnx/fixtures.ts';

let onnx: Uint8Array;
let generator: OnnxGenerator;

beforeAll(async () => {
  await initTf();
  onnx = exportLayersModel(tinyGenerator(8, 21), {
    inputNames: ['noise', 'label'],
    outputNames: ['image'],
  }).bytes;
  generator = await openOnnxGenerator(onnx);
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('creative library', () => {
  it('stores every category × variant × size as a blob whose sha256 matches its bytes', async () => {
    const store = new MemoryStore('library');
    let progress = 0;
    const entries = await buildCreativeLibrary({
      classes: CATEGORIES,
      store,
      generator,
      variants: 2,
      batchSize: 7,
      onProgress: (done, total) => {
        progress = done;
        expect(total).toBe(60);
      },
    });
    expect(progress).toBe(60);
    expect(z.array(CreativeEntry).parse(entries)).toHaveLength(CATEGORIES.length * 2 * CREATIVE_SIZES.length);
    const combos = new Set(entries.map((e) => `${e.category}/${e.seed}/${e.size}/${e.template}`));
    for (const c of CATEGORIES)
      for (const seed of [0, 1])
        for (const s of CREATIVE_SIZES) expect(combos.has(`${c}/${seed}/${s}/classic`)).toBe(true);
    for (const e of entries) {
      const bytes = await store.get(e.blob.key);
      expect(e.blob.key).toBe(`blobs/${e.blob.sha256}`);
      expect(sha256(bytes)).toBe(e.blob.sha256);
      expect(bytes.length).toBe(e.blob.size);
      const png = decode(bytes);
      expect([png.width, png.height]).toEqual([e.width, e.height]);
    }
    // Different seeds of a category are different images.
    const bySeed = (seed: number) =>
      entries.find((e) => e.category === 'coat' && e.seed === seed && e.size === 'leaderboard');
    expect(bySeed(0)!.blob.sha256).not.toBe(bySeed(1)!.blob.sha256);
  });

  it('lists exactly the banner an on-demand render of the same category and seed gives', async () => {
    const store = new MemoryStore('one');
    const entries = await buildCreativeLibrary({
      classes: CATEGORIES,
      store,
      generator,
      variants: 1,
      firstSeed: 41,
      categories: ['sandal'],
      sizes: ['mobile-banner'],
      templates: ['bold'],
    });
    expect(entries.map((e) => [e.category, e.seed, e.size, e.template])).toEqual([
      ['sandal', 41, 'mobile-banner', 'bold'],
    ]);
    const image = await generator.generate(
      generatorInputs([{ category: 'sandal', seed: 41 }], generator.noiseDim, CATEGORIES),
    );
    const kit = DEFAULT_BRAND_KIT;
    const picture = { kind: 'generated' as const, image, side: generator.imageSide };
    const request = {
      size: 'mobile-banner' as const,
      template: 'bold' as const,
      kit,
      copy: categoryCopy('sandal', kit),
      picture,
    };
    const { bytes } = await renderBanner(await nodeBannerEngine(), request, 'png');
    expect(sha256(bytes)).toBe(entries[0]!.blob.sha256);
  });

  it('is deterministic: a rebuild gives the same keys and adds no blobs', async () => {
    const store = new MemoryStore('rebuild');
    const opts = {
      store,
      generator,
      classes: CATEGORIES,
      variants: 1,
      categories: ['bag', 'dress'] as const,
      templates: ['classic', 'bold'] as const,
    };
    const first = await buildCreativeLibrary(opts);
    const count = (await store.list('blobs/')).length;
    const second = await buildCreativeLibrary(opts);
    expect(second).toEqual(first);
    expect((await store.list('blobs/')).length).toBe(count);
  });

  it('stores the generator ONNX as a content-addressed blob for the manifest', async () => {
    const store = new MemoryStore('gen');
    const section = await storeGenerator(store, onnx, generator, [...CATEGORIES]);
    expect(Manifest.shape.generator.parse(section)).toEqual(section);
    expect(section).toMatchObject({ noiseDim: 8, imageSize: 28, categories: [...CATEGORIES] });
    expect(sha256(await store.get(section.onnx.key))).toBe(section.onnx.sha256);
  });

  it('refuses a variant count out of range and a generator that is not noise/label → image', async () => {
    await expect(
      buildCreativeLibrary({ classes: CATEGORIES, store: new MemoryStore(), generator, variants: 0 }),
    ).rejects.toMatchObject({
      kind: 'invalid_argument',
      field: 'variants',
    });
    const other = exportLayersModel(tinyGenerator(8, 3), {
      inputNames: ['z', 'y'],
      outputNames: ['image'],
    }).bytes;
    await expect(openOnnxGenerator(other)).rejects.toMatchObject({ kind: 'invalid_argument' });
    await expect(openOnnxGenerator(new Uint8Array([9, 9, 9]))).rejects.toMatchObject({ kind: 'corrupt' });
  });
});
