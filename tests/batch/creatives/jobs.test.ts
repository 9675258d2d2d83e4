/**
 * gan-export and gan-creatives jobs end to end on a real (tiny, one-step) GAN checkpoint:
 * checkpoint → parity-checked ONNX blob + onnx.json → PNG library + creatives.json.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '#shared/random';
import { CreativeLibraryListing, GeneratorExport } from '#shared/schemas';
import { MemoryStore } from '#shared/storage';
import type { ImageSet } from '../../../batch/src/data/fashion-mnist.ts';
import { buildGanCreatives } from '../../../batch/src/jobs/gan-creatives.ts';
import { exportGanGenerator } from '../../../batch/src/jobs/gan-export.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import { tinyGanConfig } from './tiny-gan.ts';

const store = new MemoryStore('gan-jobs');
const decodeJson = async (key: string) => JSON.parse(new TextDecoder().decode(await store.get(key)));

/** 40 seeded random 28×28 "images", 4 per category: enough for one training step. */
function toyImages(): ImageSet {
  const rng = createRng(5);
  const count = 40;
  return {
    images: Uint8Array.from({ length: count * 784 }, () => rng.nextInt(256)),
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    count,
    rows: 28,
    cols: 28,
  };
}

let exported: Awaited<ReturnType<typeof exportGanGenerator>>;

beforeAll(async () => {
  const config = tinyGanConfig();
  await trainGan({ data: toyImages(), config, checkpoint: { store, prefix: 'gan', every: 1 } });
  exported = await exportGanGenerator({ store, prefix: 'gan' });
});

describe('gan-export job', () => {
  it('stores a parity-checked ONNX blob and records it in onnx.json', async () => {
    const { listing, onnx, listingKey } = exported;
    expect(listingKey).toBe('gan/onnx.json');
    expect(GeneratorExport.parse(await decodeJson(listingKey))).toEqual(listing);
    expect(listing.parity.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    // 16 latents for each of the 10 categories, on onnxruntime-web and onnxruntime-node.
    expect(listing.parity.batch).toBe(160);
    expect(listing.parity.runtimes?.map((r) => r.runtime)).toEqual(['web', 'node']);
    expect(listing.generator).toMatchObject({ noiseDim: 8, imageSize: 28 });
    const blob = await store.get(listing.generator.onnx.key);
    expect(createHash('sha256').update(blob).digest('hex')).toBe(listing.generator.onnx.sha256);
    expect(Buffer.from(blob).equals(Buffer.from(onnx))).toBe(true);
  });

  it('fails with not_found when there is no checkpoint', async () => {
    await expect(exportGanGenerator({ store, prefix: 'nothing-here' })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});

describe('gan-creatives job', () => {
  it('renders the library from the exported blob and lists it in creatives.json', async () => {
    const { listing, listingKey } = await buildGanCreatives({
      store,
      prefix: 'gan',
      variants: 1,
      sizes: ['mobile-banner'],
    });
    expect(CreativeLibraryListing.parse(await decodeJson(listingKey))).toEqual(listing);
    expect(listing.creatives).toHaveLength(10);
    for (const c of listing.creatives) expect((await store.head(c.blob.key)).size).toBe(c.blob.size);
  });

  it('refuses a generator blob whose bytes no longer match its sha256', async () => {
    const tampered = new MemoryStore('tampered');
    const { listing } = exported;
    await tampered.put('gan/onnx.json', await store.get('gan/onnx.json'));
    await tampered.put(listing.generator.onnx.key, new Uint8Array([1, 2, 3]));
    await expect(buildGanCreatives({ store: tampered, prefix: 'gan', variants: 1 })).rejects.toMatchObject({
      kind: 'corrupt',
    });
    await expect(buildGanCreatives({ store: tampered, prefix: 'other', variants: 1 })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
