export { creativeForwardRoutes, creativeWorker } from './forward.ts';
export { withCreativeUrls } from './links.ts';
