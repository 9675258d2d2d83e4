/**
 * One call from a banner's inputs to its bytes: picture → SVG (banner.ts, or the frame laid out
 * before for the same copy: frames.ts) → PNG (resvg). What the creative Worker serves and what
 * the batch library uploads; the same inputs give the same bytes in Node and workerd.
 */
import type { BannerCopy, BrandKit, CreativeFormat, CreativeSize, CreativeTemplate } from '#shared/schemas';
import { bannerColors } from './brand.ts';
import type { BannerEngine } from './engine.ts';
import { bannerSvg } from './frames.ts';
import { LAYOUTS } from './layouts.ts';
import { type PictureSource, pictureDataUrl } from './picture.ts';

// Node 20 and workerd both have TextEncoder; shared/ has no DOM types, so it is typed here.
const text = globalThis as unknown as { TextEncoder: new () => { encode(s: string): Uint8Array } };
const encoder = new text.TextEncoder();

export interface BannerRequest {
  size: CreativeSize;
  template: CreativeTemplate;
  kit: BrandKit;
  copy: BannerCopy;
  /** None: the picture box stays empty (the copy-only fallback). */
  picture: PictureSource | undefined;
}

export interface RenderedBanner {
  bytes: Uint8Array;
  contentType: 'image/png' | 'image/svg+xml';
  /**
   * Code points of the copy that no face has, ascending (coverage.ts: drawn as boxes, or the
   * title replaced by its fallback): empty when every character is drawn.
   */
  uncovered: readonly number[];
}

/**
 * Renders a banner in `format`.
 *
 * @example
 * const { bytes } = await renderBanner(engine, { size: 'leaderboard', template: 'bold', kit, copy, picture }, 'png');
 */
export async function renderBanner(
  engine: BannerEngine,
  request: BannerRequest,
  format: CreativeFormat,
): Promise<RenderedBanner> {
  const layout = LAYOUTS[request.size];
  const colors = bannerColors(request.kit, request.template);
  const level = format === 'svg' ? 1 : 0;
  const picture =
    request.picture === undefined
      ? undefined
      : pictureDataUrl(engine, request.picture, layout.picture, colors.backgroundRgb, colors.ink, level);
  const { svg, uncovered } = await bannerSvg(engine, request, picture);
  if (format === 'svg') return { bytes: encoder.encode(svg), contentType: 'image/svg+xml', uncovered };
  return { bytes: engine.png(svg), contentType: 'image/png', uncovered };
}
