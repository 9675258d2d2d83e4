export { type Buckets, buildBuckets, type SamplingBuckets } from './buckets.ts';
export { generateCatalogue, type SyntheticCatalogue } from './catalogue.ts';
export {
  DEFAULT_STOREFRONT,
  eventsPerSession,
  type FunnelRates,
  resolveConfig,
  type StorefrontConfig,
} from './config.ts';
export {
  leafId,
  type SegmentSpec,
  STORE_NAMES,
  type StoreName,
  type StoreProfile,
  storeProfile,
} from './profiles.ts';
export { cumulative, sampleCdf, zipfRank } from './sampling.ts';
export { type GeneratedEvents, generateEvents } from './sessions.ts';
export { eventPartKey, IsoClock, PartitionedEventWriter, writeCatalogueJsonl } from './sink.ts';
export { type GenerateOptions, generateStorefront, type Storefront } from './storefront.ts';
export { FAVOURITE_BRANDS, generateTastes, type UserTastes } from './users.ts';
