/**
 * A grey generator image becomes a palette PNG (levels resampled as one channel, the tint ramp as
 * palette): the same picture as tinting first and resampling RGBA, within rounding, in a third of
 * the bytes. Decoded here with fast-png, an independent decoder.
 */
import { convertIndexedToRgb, decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { type BannerEngine, pictureDataUrl, type Rgb, resample, tint } from '#shared/creatives';

const BACKGROUND: Rgb = [247, 245, 240];
const INK: Rgb = [28, 90, 140];
/** Grey pictures never reach the engine (only photos are decoded by it). */
const NO_ENGINE = {} as BannerEngine;

/** A 28×28 image with structure: rings from −1 to 1. */
const RINGS = Float32Array.from({ length: 28 * 28 }, (_, i) =>
  Math.sin(Math.hypot((i % 28) - 14, Math.floor(i / 28) - 14) / 2),
);

function pngOf(dataUrl: string) {
  const b64 = dataUrl.replace(/^data:image\/png;base64,/, '');
  return decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

describe('grey generator pictures', () => {
  it('are palette PNGs of the box whose colours run from the background (−1) to the ink (1)', () => {
    const image = new Float32Array(28 * 28).fill(-1);
    image.fill(1, 0, 28 * 14); // top half ink
    const png = pngOf(
      pictureDataUrl(NO_ENGINE, { kind: 'generated', image, side: 28 }, 112, BACKGROUND, INK, 0),
    );
    expect([png.width, png.height, png.palette?.length]).toEqual([112, 112, 256]);
    const rgb = convertIndexedToRgb(png);
    const at = (x: number, y: number) => Array.from(rgb.subarray((y * 112 + x) * 3, (y * 112 + x) * 3 + 3));
    expect(at(5, 5)).toEqual([...INK]);
    expect(at(100, 105)).toEqual([...BACKGROUND]);
  });

  it('match tinting first and resampling RGBA within two levels per channel', () => {
    for (const level of [0, 1] as const) {
      const source = {
        kind: 'generated' as const,
        image: RINGS.map((v) => v * 0.97 + level / 100),
        side: 28,
      };
      const rgb = convertIndexedToRgb(pngOf(pictureDataUrl(NO_ENGINE, source, 112, BACKGROUND, INK, level)));
      const expected = resample(tint(source.image, 28, BACKGROUND, INK), 112, 112).data;
      let worst = 0;
      for (let p = 0; p < 112 * 112; p++) {
        for (let c = 0; c < 3; c++)
          worst = Math.max(worst, Math.abs((rgb[p * 3 + c] as number) - (expected[p * 4 + c] as number)));
      }
      expect(worst).toBeLessThanOrEqual(2);
    }
  });

  it('paint what a broken generator returns (NaN) as background', () => {
    const image = new Float32Array(28 * 28).fill(Number.NaN);
    const source = { kind: 'generated' as const, image, side: 28 };
    const rgb = convertIndexedToRgb(pngOf(pictureDataUrl(NO_ENGINE, source, 56, BACKGROUND, INK, 0)));
    expect(new Set(rgb)).toEqual(new Set(BACKGROUND));
  });
});
