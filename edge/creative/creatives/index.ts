export { creativeCacheKey, matchImage, putImage } from './colo-cache.ts';
export { entriesOf, pickFallback } from './library.ts';
export { type Creative, FALLBACK_MAX_AGE_SECONDS, produceCreative } from './produce.ts';
export { renderCopyOnly, renderGenerated } from './render.ts';
export type { CreativeRequest } from './request.ts';
export type { CreativePhase, CreativeTiming } from './timing.ts';
export { reportUncovered, uncoveredHeader } from './uncovered.ts';
