/**
 * The edge library: what the Workers (recommend, edge/src; creative, edge/creative; generator,
 * edge/generator) are built from. It imports only shared/ and the runtime; the Workers import it
 * and never each other.
 */
export type { BlobOrigin } from './blobs/origin.ts';
export { R2Store, type R2StoreOptions } from './blobs/r2-store.ts';
export { readVerified } from './blobs/read-verified.ts';
export { defaultColoCache, type WebCache } from './blobs/web-cache.ts';
export { deadlineExceeded, loadTimedOut, withDeadline } from './deadline.ts';
export {
  type CreativeGenerator,
  GeneratorSlot,
  type GeneratorSlotOptions,
  type GeneratorState,
  type Releasable,
} from './generator/index.ts';
export { errorJson, notFoundJson } from './http/errors.ts';
export { MAX_BODY_BYTES, parseInput, readJson } from './http/validate.ts';
export { type IsolateServices, isolateConfig, isolateServices } from './isolate.ts';
export {
  LastGoodManifest,
  type LoadedManifest,
  ManifestProvider,
  type ManifestProviderOptions,
  type ManifestState,
  openManifests,
  type RefreshOutcome,
  readManifest,
  readPointer,
  refreshOnSchedule,
} from './manifest/index.ts';
export { type LogFields, type LogLevel, log } from './observability/log.ts';
export {
  REQUEST_ID_HEADER,
  type RequestIdVariables,
  requestId,
  requestIdOf,
} from './observability/request-id.ts';
export { ServerTiming } from './observability/timing.ts';
export { DETACHED_SCOPE, type RequestScope, remainingMs, scopeOf } from './scope.ts';
export { parseWorkerVars } from './vars.ts';
