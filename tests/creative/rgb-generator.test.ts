/**
 * The creative Worker draws with whatever image shape the manifest's generator entry describes:
 * an RGB generator at 16×16×3 gives the very banner the shared code composes in Node (colour
 * kept, not tinted), whether the entry states its channels or predates them; an entry whose
 * channels contradict the model's output is a corrupt generator (fallback), never a garbled image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#shared/crypto';
import type { Manifest } from '#shared/schemas';
import { fixture, fixtureManifest, get, loadFixture, publishAndRefresh } from './support.ts';

let base: Manifest;

beforeAll(async () => {
  await loadFixture();
  base = await fixtureManifest();
});

afterAll(async () => {
  await publishAndRefresh(base);
});

const { rgb } = fixture;
const banner = (seed = rgb.seed) =>
  get(`/v1/creatives/${rgb.category}?seed=${seed}&size=medium-rectangle&template=classic`);

async function publishRgb(version: string, channels: 1 | 3 | undefined): Promise<void> {
  const generator = {
    ...base.generator!,
    onnx: rgb.generator,
    noiseDim: rgb.noiseDim,
    imageSize: rgb.side,
    ...(channels === undefined ? {} : { channels }),
  };
  // No library: a fallback would be the copy-only banner, never a library PNG of the grey model.
  await publishAndRefresh({ ...base, version, generator, creatives: [] });
}

describe('RGB generators', () => {
  it('draws the banner of an RGB generator the manifest declares (3 channels, 16 px)', async () => {
    await publishRgb('rgb-declared', 3);
    const res = await banner();
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(await sha256Hex(res.bytes)).toBe(rgb.sha256);
  });

  it('reads the channels from the model when the entry predates them', async () => {
    await publishRgb('rgb-undeclared', undefined);
    const res = await banner();
    expect(res.headers.get('x-vitrine-creative')).toBe('generated');
    expect(await sha256Hex(res.bytes)).toBe(rgb.sha256);
  });

  it('treats an entry declaring 1 channel for an RGB model as a corrupt generator', async () => {
    await publishRgb('rgb-mislabelled', 1);
    // Another seed: the colo cache (keyed by the generator blob) holds the drawn one.
    const res = await banner(rgb.seed + 1);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vitrine-creative')).toBe('copy-only');
    expect(res.headers.get('x-vitrine-fallback')).toBe('generator_corrupt');
  });
});
