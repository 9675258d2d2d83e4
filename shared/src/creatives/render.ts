/**
 * One call from generated image to PNG bytes: what the creative Worker serves and what the
 * batch library uploads.
 */
import { type ComposeInput, composeCreative } from './compose.ts';
import { encodePng } from './png.ts';

/**
 * Composes and encodes a banner. Same inputs → byte-identical PNG.
 *
 * @example
 * const png = renderCreativePng({ image, spec: { category: 'bag', size: 'leaderboard', template: 'bold' } });
 */
export function renderCreativePng(input: ComposeInput): Uint8Array {
  return encodePng(composeCreative(input));
}
