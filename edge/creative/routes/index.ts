export type { CreativeAppEnv } from './app-env.ts';
export { blobRoutes } from './blobs.ts';
export { creativeRoutes } from './creatives.ts';
export { healthRoutes } from './health.ts';
export { itemRoutes } from './items.ts';
export { matchesEtag, pngResponse } from './png.ts';
