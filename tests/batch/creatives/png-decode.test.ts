/**
 * PNG photos decoded in JavaScript (fast-png, shared/src/creatives/png-decode.ts) give the pixels resvg
 * gives for the same file drawn over the same background — every colour type and depth the
 * decoder covers, every scanline filter — and the ones it leaves to resvg answer undefined.
 */
import { deflateSync } from 'node:zlib';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { pngFile } from '#shared/codec';
import { base64, decodePngOver, encodePng, type Rgb, rgbHex } from '#shared/creatives';
import { nodeBannerEngine } from '../../../batch/src/creatives/index.ts';

const BACKGROUND: Rgb = [247, 245, 240];
const [W, H] = [37, 23];

/** Pixels resvg decodes from `png` over BACKGROUND (the decoder the JS one stands in for). */
async function viaResvg(png: Uint8Array) {
  const engine = await nodeBannerEngine();
  return engine.pixels(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="${rgbHex(BACKGROUND)}"/>` +
      `<image width="${W}" height="${H}" href="data:image/png;base64,${base64(png)}"/></svg>`,
  );
}

/** Samples with structure in every channel, so each scanline filter gets used. */
const samples = (channels: number, max: number) =>
  Array.from({ length: W * H * channels }, (_, i) => {
    const [p, c] = [Math.floor(i / channels), i % channels];
    const [x, y] = [p % W, Math.floor(p / W)];
    return c === 3 || (channels === 2 && c === 1)
      ? Math.round((((x * 7 + y * 3) % 17) / 16) * max) // alpha: 0 … max
      : Math.round((((x * (c + 3) + y * (5 - c) + x * y) % 256) / 255) * max);
  });

function expectClose(actual: Uint8Array, expected: Uint8Array, name: string) {
  expect(actual.length, name).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  expect(worst, name).toBeLessThanOrEqual(1);
}

describe('PNG photos decoded in JavaScript', () => {
  const cases: [string, Uint8Array][] = [
    [
      'RGB 8 (our writer, Up filter)',
      encodePng({
        width: W,
        height: H,
        data: Uint8Array.from(samples(4, 255).map((v, i) => (i % 4 === 3 ? 255 : v))),
      }),
    ],
    [
      'RGBA 8',
      encode({ width: W, height: H, channels: 4, depth: 8, data: Uint8Array.from(samples(4, 255)) }),
    ],
    [
      'RGB 16',
      encode({ width: W, height: H, channels: 3, depth: 16, data: Uint16Array.from(samples(3, 65535)) }),
    ],
    [
      'RGBA 16',
      encode({ width: W, height: H, channels: 4, depth: 16, data: Uint16Array.from(samples(4, 65535)) }),
    ],
    [
      'grey 8',
      encode({ width: W, height: H, channels: 1, depth: 8, data: Uint8Array.from(samples(1, 255)) }),
    ],
    [
      'grey + alpha 8',
      encode({ width: W, height: H, channels: 2, depth: 8, data: Uint8Array.from(samples(2, 255)) }),
    ],
  ];

  it.each(cases)('%s: the pixels resvg draws over the background', async (name, png) => {
    const js = decodePngOver(png, BACKGROUND);
    expect(js, name).toBeDefined();
    expect([js?.width, js?.height]).toEqual([W, H]);
    expectClose(js?.data ?? new Uint8Array(), (await viaResvg(png)).data, name);
  });

  it('undoes every scanline filter: none, Sub, Up, Average and Paeth, row by row', async () => {
    const rgb = Uint8Array.from(samples(3, 255));
    const stride = W * 3;
    const at = (y: number, x: number) => (y < 0 || x < 0 ? 0 : (rgb[y * stride + x] as number));
    const rows = new Uint8Array(H * (stride + 1));
    for (let y = 0; y < H; y++) {
      const filter = y % 5;
      rows[y * (stride + 1)] = filter;
      for (let x = 0; x < stride; x++) {
        const [a, b, c] = [at(y, x - 3), at(y - 1, x), at(y - 1, x - 3)];
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter] as number;
        rows[y * (stride + 1) + 1 + x] = (at(y, x) - predictor) & 0xff;
      }
    }
    const png = pngFile(W, H, 2, new Uint8Array(deflateSync(rows)));
    const js = decodePngOver(png, BACKGROUND);
    const expected = Uint8Array.from({ length: W * H * 4 }, (_, i) =>
      i % 4 === 3 ? 255 : (rgb[Math.floor(i / 4) * 3 + (i % 4)] as number),
    );
    expect(Array.from(js?.data ?? [])).toEqual(Array.from(expected));
    expectClose(js?.data ?? new Uint8Array(), (await viaResvg(png)).data, 'filters');
  });

  it('reads a palette PNG with transparent entries', async () => {
    const palette = Uint8Array.from({ length: 16 * 3 }, (_, i) => (i * 37) % 256);
    const alpha = Uint8Array.from({ length: 16 }, (_, i) => (i * 17) % 256);
    const indices = Uint8Array.from({ length: W * H }, (_, i) => (i * 5) % 16);
    // fast-png writes palette images from indices + `palette` as [r, g, b, a] entries.
    const entries = Array.from({ length: 16 }, (_, k) => [
      palette[k * 3] as number,
      palette[k * 3 + 1] as number,
      palette[k * 3 + 2] as number,
      alpha[k] as number,
    ]);
    const png = encode({ width: W, height: H, channels: 1, depth: 8, data: indices, palette: entries });
    const js = decodePngOver(png, BACKGROUND);
    expect(js).toBeDefined();
    expectClose(js?.data ?? new Uint8Array(), (await viaResvg(png)).data, 'palette');
  });

  it('leaves what it does not cover to resvg: not PNG, damaged data, 1-bit depth', () => {
    expect(decodePngOver(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), BACKGROUND)).toBeUndefined();
    const good = encodePng({ width: W, height: H, data: new Uint8Array(W * H * 4).fill(200) });
    const damaged = good.slice();
    damaged.fill(7, 45, 60); // inside IDAT's deflate stream
    expect(decodePngOver(damaged, BACKGROUND)).toBeUndefined();
    const bits = encode({ width: 8, height: 2, channels: 1, depth: 1, data: new Uint8Array(2) } as never);
    expect(decodePngOver(bits, BACKGROUND)).toBeUndefined();
  });
});
