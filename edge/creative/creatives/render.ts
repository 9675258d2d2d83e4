/**
 * From a request to PNG bytes with the shared banner code (the same templates, font and PNG
 * options as the batch library, so equal inputs give equal bytes in Node and workerd).
 */
import { renderCreativePng } from '#shared/creatives';
import { ServerTiming } from '../../lib/index.ts';
import type { CreativeGenerator } from '../generator/index.ts';
import type { CreativeRequest } from './request.ts';
import type { CreativeTiming } from './timing.ts';

/**
 * Runs the generator for `request` and composes the banner.
 *
 * @example
 * const png = await renderGenerated(generator, { category: 'bag', seed: 7, size: 'leaderboard', template: 'bold' });
 */
export async function renderGenerated(
  generator: CreativeGenerator,
  request: CreativeRequest,
  timing: CreativeTiming = new ServerTiming(),
): Promise<Uint8Array> {
  const [image] = await timing.measure('generate', () => generator.generate([request]));
  if (image === undefined) throw new Error('generator returned no image');
  return timing.measure('compose', () =>
    renderCreativePng({ image, imageSide: generator.imageSide, spec: request }),
  );
}

/**
 * The last resort: the banner with its title, price and call to action over an empty product
 * area (no generator and no library creative of that category). Still the requested size.
 */
export function renderCopyOnly(request: CreativeRequest): Uint8Array {
  const side = 28;
  // −1 is "background" in the generator's range: the product area takes the template colour.
  const blank = new Float32Array(side * side).fill(-1);
  return renderCreativePng({ image: blank, imageSide: side, spec: request });
}
