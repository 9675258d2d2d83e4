/**
 * The prebuilt creative library as the manifest lists it: the entries of a category for the
 * listing endpoint, and the fallback choice when the generator cannot be used.
 */
import { isServedCreative } from '#shared/schemas/creative-loop';
import type { CreativeEntry } from '#shared/schemas/manifest';
import type { CreativeRequest } from './request.ts';

/**
 * Approved entries of `category`, in seed, size, template order (the listing's stable order):
 * pending and rejected creatives (marketers' review) are neither listed nor used as fallbacks.
 */
export function entriesOf(
  creatives: readonly CreativeEntry[] | undefined,
  category: string,
): CreativeEntry[] {
  return (creatives ?? [])
    .filter((e) => e.category === category && isServedCreative(e))
    .sort((a, b) => a.seed - b.seed || a.size.localeCompare(b.size) || a.template.localeCompare(b.template));
}

/**
 * The library creative that best stands in for `request`: the very same banner when the library
 * has it (byte-identical to what the generator would draw); else one of the same size and
 * template, then of the same size — chosen by `seed` so different seeds still vary. Never a
 * different size: an ad slot needs its dimensions. Undefined when nothing fits.
 *
 * @example
 * const entry = pickFallback(manifest.creatives, { category: 'coat', seed: 9, size: 'leaderboard', template: 'bold' });
 */
export function pickFallback(
  creatives: readonly CreativeEntry[] | undefined,
  request: CreativeRequest,
): CreativeEntry | undefined {
  const sameSize = entriesOf(creatives, request.category).filter((e) => e.size === request.size);
  const exact = sameSize.find((e) => e.seed === request.seed && e.template === request.template);
  if (exact !== undefined) return exact;
  const sameTemplate = sameSize.filter((e) => e.template === request.template);
  const pool = sameTemplate.length > 0 ? sameTemplate : sameSize;
  return pool[request.seed % Math.max(1, pool.length)];
}
