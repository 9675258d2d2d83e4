export type { LoadedShard } from './decoders.ts';
export { BlobEdgeCache } from './edge-cache.ts';
export { Limiter, type LimiterStats } from './limiter.ts';
export { ByteLru, type LruStats } from './lru.ts';
export { HttpOrigin, openOrigin } from './origin.ts';
export { type Decoder, ShardCache, type ShardCacheOptions, type ShardCacheStats } from './shard-cache.ts';
export { ShardStore } from './shard-store.ts';
