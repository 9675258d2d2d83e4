/**
 * bench:creatives, Node half of the banner render: one banner phase by phase — picture (tint +
 * Lanczos resample + PNG data URL), layout to SVG (banner.ts, every banner with a new title so no
 * frame is reused), rasterise to PNG (resvg) — with the engine the batch library uses.
 */
import { bannerColors, DEFAULT_BRAND_KIT, itemCopy, LAYOUTS, pictureDataUrl } from '#shared/creatives';
import type { CreativeSize } from '#shared/schemas';
import { nodeBannerEngine } from '../src/creatives/index.ts';
import { median } from './creatives-generators.ts';

export interface NodeRender {
  pictureMs: number;
  svgMs: number;
  pngMs: number;
  totalMs: number;
  minMs: number;
  bytes: number;
}

/**
 * Medians of 15 banners of `size` after 3 warm-ups; `image` is a generated one (the demo
 * generator's), as in production.
 */
export async function renderInNode(image: Float32Array, size: CreativeSize): Promise<NodeRender> {
  const engine = await nodeBannerEngine();
  const kit = DEFAULT_BRAND_KIT;
  const template = 'classic' as const;
  const colors = bannerColors(kit, template);
  const { picture: side } = LAYOUTS[size];
  const samples = { picture: [] as number[], svg: [] as number[], png: [] as number[] };
  let bytes = 0;
  for (let round = -3; round < 15; round++) {
    const item = { itemId: `n${round}`, title: `Wool coat ${size} ${round}`, price: 99, currency: 'EUR' };
    const copy = itemCopy(item, kit);
    const t0 = performance.now();
    // A picture of its own per banner (a repeated one would come from the picture cache).
    const source = {
      kind: 'generated' as const,
      image: image.map((v) => v * (1 - (round + 4) / 40)),
      side: 28,
    };
    const picture = pictureDataUrl(engine, source, side, colors.backgroundRgb, colors.ink, 0);
    const t1 = performance.now();
    const svg = await engine.svg({ size, template, kit, copy, picture });
    const t2 = performance.now();
    bytes = engine.png(svg).length;
    const t3 = performance.now();
    if (round < 0) continue;
    samples.picture.push(t1 - t0);
    samples.svg.push(t2 - t1);
    samples.png.push(t3 - t2);
  }
  const total = samples.picture.map((p, i) => p + samples.svg[i]! + samples.png[i]!);
  return {
    pictureMs: median(samples.picture),
    svgMs: median(samples.svg),
    pngMs: median(samples.png),
    totalMs: median(total),
    // Other jobs only ever add time: the fastest banner is the least disturbed measurement.
    minMs: Math.min(...total),
    bytes,
  };
}
