/**
 * Training on a shop's own pictures: PNG and JPEG files of any size, from a folder or a picture
 * list (paths and an http URL), resampled to RGB squares, split per category, and a generator
 * trained on them that exports to ONNX with the same numbers.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryAtDepth, loadShopImages } from '../../../batch/src/jobs/gan-shop-images.ts';
import { toRgbSquare } from '../../../batch/src/models/gan/images.ts';
import { resolveGanConfig } from '../../../batch/src/models/gan/presets.ts';
import { generateImages, labelsPerClass } from '../../../batch/src/models/gan/sample.ts';
import { trainGan } from '../../../batch/src/models/gan/train.ts';
import { exportLayersModel, generatorParityFeeds, onnxParityAll } from '../../../batch/src/onnx/index.ts';
import { CREATIVE_LOOP_PRESET_VALUES } from '../../../batch/src/pipeline/creative-presets.ts';
import { initTf } from '../../../batch/src/runtime/tf.ts';

const PORT = 18631;
const root = mkdtempSync(join(tmpdir(), 'shop-pictures-'));
let server: Server;

/** A `w × h` picture: white ground, a centred block of `rgb` covering the middle half. */
async function picture(w: number, h: number, rgb: [number, number, number], format: 'png' | 'jpeg') {
  const raw = Buffer.alloc(w * h * 3, 255);
  for (let y = Math.floor(h / 4); y < Math.floor((3 * h) / 4); y++)
    for (let x = Math.floor(w / 4); x < Math.floor((3 * w) / 4); x++) raw.set(rgb, (y * w + x) * 3);
  const img = sharp(raw, { raw: { width: w, height: h, channels: 3 } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 95 }).toBuffer();
}

const COLOURS: Record<string, [number, number, number]> = {
  Bags: [220, 20, 20],
  Shoes: [20, 20, 220],
  Hats: [20, 160, 20],
};

beforeAll(async () => {
  await initTf({ backend: 'wasm' });
  for (const [category, rgb] of Object.entries(COLOURS)) {
    mkdirSync(join(root, 'dir', category), { recursive: true });
    for (let i = 0; i < 12; i++) {
      const format = i % 2 === 0 ? 'png' : 'jpeg';
      // Any size and aspect: from 40×30 to 300×200.
      const bytes = await picture(40 + 20 * i, 30 + 15 * i, rgb, format);
      writeFileSync(join(root, 'dir', category, `${i}.${format === 'png' ? 'png' : 'jpg'}`), bytes);
    }
  }
  mkdirSync(join(root, 'dir', 'Rare'));
  for (let i = 0; i < 3; i++)
    writeFileSync(join(root, 'dir', 'Rare', `${i}.png`), await picture(50, 50, [0, 0, 0], 'png'));
  writeFileSync(join(root, 'dir', 'Bags', 'broken.png'), Buffer.from('not a picture'));
  const served = await picture(64, 48, COLOURS.Hats!, 'jpeg');
  server = createServer((req, res) => {
    if (req.url === '/hat.jpg') res.writeHead(200, { 'content-type': 'image/jpeg' }).end(served);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('shop pictures as GAN data', () => {
  it('resamples any picture to an RGB square, keeping the whole product on white', async () => {
    // 320×160 → 16×8 centred in rows 4–11; the red block covers its middle half (x 4–11, rows 6–9).
    const rgb = await toRgbSquare(await picture(320, 160, [220, 20, 20], 'png'), 16);
    expect(rgb.length).toBe(16 * 16 * 3);
    const at = (x: number, y: number) => [...rgb.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3)];
    const near = (got: number[], want: number[]) => {
      for (const [i, v] of got.entries()) expect(Math.abs(v - want[i]!)).toBeLessThan(12);
    };
    near(at(8, 8), [220, 20, 20]); // the product, centred, not stretched
    near(at(1, 8), [255, 255, 255]); // the picture's own white ground
    expect(at(8, 1)).toEqual([255, 255, 255]); // letterbox above the wide picture
    await expect(toRgbSquare(new Uint8Array([1, 2, 3]), 16)).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('reads a folder per category, skips unreadable pictures and too-small categories, splits each category', async () => {
    const r = await loadShopImages({ dir: join(root, 'dir'), side: 16, minPerCategory: 6 });
    expect(r.data.categories).toEqual(['Bags', 'Hats', 'Shoes']);
    expect(r.droppedCategories).toEqual([{ category: 'Rare', pictures: 3 }]);
    expect(r.skipped.map((s) => s.image)).toEqual([join(root, 'dir', 'Bags', 'broken.png')]);
    expect(r.pictures).toBe(36);
    const { train, validation, test } = r.data;
    expect([train.count, validation.count, test.count]).toEqual([24, 6, 6]); // per category 8 / 2 / 2
    for (const set of [train, validation, test]) {
      expect([set.rows, set.cols, set.channels]).toEqual([16, 16, 3]);
      expect(set.images.length).toBe(set.count * 16 * 16 * 3);
    }
    // Labels follow the sorted category list: every Hats picture is green in the middle.
    const hats = [...train.labels.keys()].filter((i) => train.labels[i] === 1);
    for (const i of hats) {
      const mid = train.images.subarray((i * 256 + 8 * 16 + 8) * 3, (i * 256 + 8 * 16 + 8) * 3 + 3);
      expect(mid[1]).toBeGreaterThan(120);
      expect(mid[0]).toBeLessThan(60);
    }
  });

  it('reads a picture list with relative paths and http URLs, cutting category paths to the asked depth', async () => {
    expect(categoryAtDepth('Fashion > Bags > Totes', 1)).toBe('Fashion');
    expect(categoryAtDepth('Fashion > Bags > Totes', 2)).toBe('Fashion > Bags');
    const lines = Object.keys(COLOURS).flatMap((c) =>
      Array.from({ length: 6 }, (_, i) =>
        JSON.stringify({ image: `dir/${c}/${i}.${i % 2 ? 'jpg' : 'png'}`, category: `Shop > ${c} > Item` }),
      ),
    );
    lines.push(JSON.stringify({ image: `http://127.0.0.1:${PORT}/hat.jpg`, category: 'Shop > Hats' }));
    lines.push(JSON.stringify({ image: `http://127.0.0.1:${PORT}/missing.jpg`, category: 'Shop > Hats' }));
    writeFileSync(join(root, 'pictures.jsonl'), `${lines.join('\n')}\n`);
    const r = await loadShopImages({
      list: join(root, 'pictures.jsonl'),
      side: 8,
      categoryDepth: 2,
      minPerCategory: 6,
    });
    expect(r.data.categories).toEqual(['Shop > Bags', 'Shop > Hats', 'Shop > Shoes']);
    expect(r.pictures).toBe(19);
    expect(r.skipped).toEqual([{ image: `http://127.0.0.1:${PORT}/missing.jpg`, reason: 'HTTP 404' }]);
  });

  it('refuses a picture list line without a category, naming the line', async () => {
    writeFileSync(join(root, 'bad.jsonl'), `${JSON.stringify({ image: 'x.png' })}\n`);
    await expect(loadShopImages({ list: join(root, 'bad.jsonl'), side: 8 })).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: expect.stringContaining('bad.jsonl:1'),
    });
  });

  it('trains an RGB generator over the shop categories that exports to ONNX with the same numbers', async () => {
    const { data } = await loadShopImages({ dir: join(root, 'dir'), side: 16, minPerCategory: 6 });
    // The pipeline's `tiny` GAN (seconds, pinned): this proves the RGB path, not the pictures.
    const config = resolveGanConfig(CREATIVE_LOOP_PRESET_VALUES.tiny.gan);
    const run = await trainGan({ data: data.train, categories: data.categories, config });
    expect(run.shape).toEqual({ side: 16, channels: 3, categories: ['Bags', 'Hats', 'Shoes'] });
    expect(run.generator.outputs[0]?.shape).toEqual([null, 16, 16, 3]);
    expect(generateImages(run.generator, labelsPerClass(2, 3), 1).length).toBe(6 * 16 * 16 * 3);
    const exported = exportLayersModel(run.generator, {
      inputNames: ['noise', 'label'],
      outputNames: ['image'],
    });
    const reports = await onnxParityAll(run.generator, exported, { feeds: generatorParityFeeds(8, 3, 4, 2) });
    for (const r of reports) expect(r.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });
});
