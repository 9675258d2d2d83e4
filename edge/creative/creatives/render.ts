/**
 * From a request to banner bytes with the shared banner code (the same layout, fonts, engine and
 * resampling as the batch library, so equal inputs give equal bytes in Node and workerd).
 */
import { categoryCopy, type RenderedBanner, renderBanner } from '#shared/creatives';
import type { BrandKit } from '#shared/schemas';
import { type CreativeGenerator, ServerTiming } from '../../lib/index.ts';
import { bannerEngine } from '../render/index.ts';
import type { CreativeRequest } from './request.ts';
import type { CreativeTiming } from './timing.ts';

/**
 * Runs the generator for `request` and composes the category banner.
 *
 * @example
 * const { bytes } = await renderGenerated(generator, { category: 'bag', seed: 7, size: 'leaderboard', template: 'bold', format: 'png' }, kit);
 */
export async function renderGenerated(
  generator: CreativeGenerator,
  request: CreativeRequest,
  kit: BrandKit,
  timing: CreativeTiming = new ServerTiming(),
): Promise<RenderedBanner> {
  const [image] = await timing.measure('generate', () => generator.generate([request]));
  if (image === undefined) throw new Error('generator returned no image');
  const engine = await timing.measure('engine', bannerEngine);
  return timing.measure('compose', () =>
    renderBanner(
      engine,
      {
        size: request.size,
        template: request.template,
        kit,
        copy: categoryCopy(request.category, kit),
        picture: { kind: 'generated', image, side: generator.imageSide },
      },
      request.format,
    ),
  );
}

/**
 * The last resort: the banner with its copy over an empty picture box (no generator and no
 * library creative of that category). Still the requested size.
 */
export async function renderCopyOnly(request: CreativeRequest, kit: BrandKit): Promise<RenderedBanner> {
  const { size, template, format } = request;
  const copy = categoryCopy(request.category, kit);
  return renderBanner(await bannerEngine(), { size, template, kit, copy, picture: undefined }, format);
}
