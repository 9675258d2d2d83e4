/**
 * Banner frames: the SVG of a banner whose picture is a placeholder, kept per engine and brand
 * kit, so a banner whose copy was laid out before — every seed of a category banner, the same
 * item again at the same slot — costs no layout and no glyph outlines: the picture's data URL
 * goes where the placeholder's was. The layout writes an image's URL into the SVG verbatim and
 * never reads it (every picture is a side² PNG, like its placeholder), so the result is the very
 * SVG laid out afresh with the real picture (tests/batch/creatives/frames.test.ts checks every
 * size, template and picture kind).
 */
import type { BannerCopy, BrandKit, CreativeSize, CreativeTemplate } from '#shared/schemas';
import type { BannerEngine, BannerFrame } from './engine.ts';
import { LAYOUTS } from './layouts.ts';
import { pngDataUrl } from './pixels.ts';

/** Frames kept per engine and kit (a frame is 25–50 KB of SVG text). */
const MAX_FRAMES = 64;

export interface FrameSpec {
  size: CreativeSize;
  template: CreativeTemplate;
  kit: BrandKit;
  copy: BannerCopy;
}

const placeholders = new Map<number, string>();

/** A grey side² PNG as a data URL: the stand-in picture of a frame. */
function placeholderUrl(side: number): string {
  let url = placeholders.get(side);
  if (url === undefined) {
    const data = new Uint8Array(side * side * 4).fill(128);
    url = pngDataUrl({ width: side, height: side, data }, 9);
    placeholders.set(side, url);
  }
  return url;
}

/** Most recently used last; the first entry is evicted. */
type Frames = Map<string, Promise<BannerFrame>>;
const cache = new WeakMap<BannerEngine, WeakMap<BrandKit, Frames>>();

function framesOf(engine: BannerEngine, kit: BrandKit): Frames {
  let byKit = cache.get(engine);
  if (byKit === undefined) {
    byKit = new WeakMap();
    cache.set(engine, byKit);
  }
  let frames = byKit.get(kit);
  if (frames === undefined) {
    frames = new Map();
    byKit.set(kit, frames);
  }
  return frames;
}

/**
 * The banner's SVG with `picture` (a side² PNG data URL) in its box, or an empty box, and the
 * code points its copy lacks.
 *
 * @example
 * const { svg, uncovered } = await bannerSvg(engine, { size: 'leaderboard', template: 'bold', kit, copy }, dataUrl);
 */
export async function bannerSvg(
  engine: BannerEngine,
  spec: FrameSpec,
  picture: string | undefined,
): Promise<BannerFrame> {
  const layout = LAYOUTS[spec.size];
  const slot = picture === undefined ? undefined : placeholderUrl(layout.picture);
  const frames = framesOf(engine, spec.kit);
  const key = JSON.stringify([spec.size, spec.template, slot !== undefined, spec.copy]);
  let frame = frames.get(key);
  if (frame === undefined) {
    frame = engine.frame({ ...spec, picture: slot });
    frame.catch(() => frames.delete(key));
    if (frames.size >= MAX_FRAMES) frames.delete(frames.keys().next().value as string);
  } else {
    frames.delete(key);
  }
  frames.set(key, frame);
  const { svg, uncovered } = await frame;
  return {
    svg: slot === undefined || picture === undefined ? svg : svg.split(slot).join(picture),
    uncovered,
  };
}
