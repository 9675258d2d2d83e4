export { allowedOrigins, authorize, KEY_HEADER, KEY_PARAM, keyForOrigin, keyOf } from './auth.ts';
export { readCapped } from './body.ts';
export { EventBuffer, type IngestResult } from './buffer.ts';
export { ingestConfig } from './config.ts';
export { storefrontCors } from './cors.ts';
export { objectKey, partitionPrefix } from './partition.ts';
export { eventRoutes } from './route.ts';
export { bufferEvents, bufferName } from './shards.ts';
export { MAX_CLOCK_AHEAD_MS, type ValidatedBatch, type ValidEvent, validateEvents } from './validate.ts';
