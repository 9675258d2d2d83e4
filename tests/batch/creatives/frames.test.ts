/**
 * Banner frames (shared/src/creatives/frames.ts): a banner drawn from a frame laid out before is
 * the very banner laid out afresh — same SVG text, same PNG bytes — for every size,
 * template and picture kind, whatever was drawn before it with the same or other copy.
 */
import { describe, expect, it } from 'vitest';
import {
  bannerColors,
  categoryCopy,
  DEFAULT_BRAND_KIT,
  encodePng,
  itemCopy,
  LAYOUTS,
  type PictureSource,
  pictureDataUrl,
  renderBanner,
} from '#shared/creatives';
import { type BannerCopy, CREATIVE_SIZES, CREATIVE_TEMPLATES } from '#shared/schemas';
import { nodeBannerEngine } from '../../../batch/src/creatives/index.ts';

const kit = DEFAULT_BRAND_KIT;

/** A seeded generator image in [-1, 1]: grey (1 channel) or RGB (3). */
const generated = (seed: number, channels: 1 | 3): PictureSource => ({
  kind: 'generated',
  side: 16,
  image: Float32Array.from({ length: 16 * 16 * channels }, (_, i) => Math.sin(i * 0.37 + seed)),
});

/** A 60×40 gradient PNG: a product photo that is not square. */
const photo: PictureSource = {
  kind: 'photo',
  bytes: encodePng({
    width: 60,
    height: 40,
    data: Uint8Array.from({ length: 60 * 40 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256)),
  }),
};

const copies: BannerCopy[] = [
  categoryCopy('coat', kit),
  itemCopy(
    { itemId: 'sku-1', title: 'Wollmantel mit Gürtel', price: 135.99, currency: 'EUR', brand: 'Maison' },
    kit,
    'de-DE',
  ),
];

/** The banner's SVG with the real picture, laid out from scratch. */
async function fresh(
  size: (typeof CREATIVE_SIZES)[number],
  template: (typeof CREATIVE_TEMPLATES)[number],
  copy: BannerCopy,
  picture: PictureSource | undefined,
) {
  const engine = await nodeBannerEngine();
  const layout = LAYOUTS[size];
  const colors = bannerColors(kit, template);
  const url =
    picture === undefined
      ? undefined
      : pictureDataUrl(engine, picture, layout.picture, colors.backgroundRgb, colors.ink, 1);
  return engine.svg({ size, template, kit, copy, picture: url });
}

describe('banner frames', () => {
  it('draw the SVG laid out afresh, for every size, template and picture kind', async () => {
    const engine = await nodeBannerEngine();
    const pictures = [generated(1, 1), generated(2, 1), generated(3, 3), photo, undefined];
    for (const size of CREATIVE_SIZES) {
      for (const template of CREATIVE_TEMPLATES) {
        for (const copy of copies) {
          // Twice over: the second round draws every banner from a frame the first laid out.
          for (const round of [0, 1]) {
            for (const picture of pictures) {
              const request = { size, template, kit, copy, picture };
              const { bytes } = await renderBanner(engine, request, 'svg');
              const expected = await fresh(size, template, copy, picture);
              expect(new TextDecoder().decode(bytes), `${size} ${template} ${round}`).toBe(expected);
            }
          }
        }
      }
    }
  });

  it('rasterise to the PNG of the freshly laid-out SVG', async () => {
    const engine = await nodeBannerEngine();
    for (const size of CREATIVE_SIZES) {
      for (const picture of [generated(4, 1), generated(5, 1)]) {
        const copy = copies[1]!;
        const { bytes } = await renderBanner(
          engine,
          { size, template: 'classic', kit, copy, picture },
          'png',
        );
        const expected = engine.png(await fresh(size, 'classic', copy, picture));
        expect(Buffer.from(bytes).equals(Buffer.from(expected)), size).toBe(true);
      }
    }
  });
});
