/**
 * The per-isolate singletons of the recommend Worker, built once from the bindings and vars
 * (edge/lib's `isolateServices`): origin (R2 or HTTP), colo cache, shard cache/store, manifest
 * provider. Everything that should survive between requests of one isolate lives here and
 * nowhere else.
 */
import { type CurrentPointer, RecommendWorkerVars } from '#shared/schemas';
import {
  type BlobOrigin,
  defaultColoCache,
  type IsolateServices,
  isolateServices,
  type LoadedManifest,
  type ManifestProvider,
  openManifests,
  type RequestScope,
} from '../../lib/index.ts';
import { BlobEdgeCache, openOrigin, ShardCache, ShardStore } from '../shards/index.ts';

export interface Services {
  config: RecommendWorkerVars;
  origin: BlobOrigin;
  store: ShardStore;
  manifests: ManifestProvider;
}

/** Starts loading what every request of a new model needs first, so the first user does not wait. */
function warm(store: ShardStore, loaded: LoadedManifest, request: RequestScope): void {
  const { manifest } = loaded;
  const dim = manifest.model.dim;
  // Background work: kept alive by the request, but not bound by its deadline.
  const scope: RequestScope = { waitUntil: (p) => request.waitUntil(p) };
  scope.waitUntil(
    Promise.allSettled([
      store.shard(manifest.items.index.centroids, scope),
      store.fallback(manifest.fallback, scope),
      store.f32(manifest.foldIn.gramian, dim * dim, scope),
    ]),
  );
}

/** A new version's pointer is read: its centroids load beside its manifest (nothing waits). */
function warmFromPointer(store: ShardStore, pointer: CurrentPointer, request: RequestScope): void {
  if (pointer.hot === undefined) return;
  const scope: RequestScope = { waitUntil: (p) => request.waitUntil(p) };
  scope.waitUntil(store.shard(pointer.hot.centroids, scope).catch(() => undefined));
}

function build(config: RecommendWorkerVars, env: Env): Services {
  const origin = openOrigin(config.BLOB_ORIGIN, env.BUCKET, config.SHARD_LOAD_TIMEOUT_MS);
  const colo = config.EDGE_CACHE_TTL_SECONDS > 0 ? defaultColoCache() : undefined;
  const edgeCache = colo === undefined ? undefined : new BlobEdgeCache(colo, config.EDGE_CACHE_TTL_SECONDS);
  const cache = new ShardCache({
    origin,
    maxBytes: config.SHARD_CACHE_MAX_BYTES,
    loadTimeoutMs: config.SHARD_LOAD_TIMEOUT_MS,
    maxConcurrentLoads: config.ORIGIN_MAX_CONCURRENCY,
    ...(edgeCache === undefined ? {} : { edgeCache }),
  });
  const store = new ShardStore(cache);
  const manifests = openManifests({
    origin: cache.sharingSlots(origin),
    ttlSeconds: config.MANIFEST_TTL_SECONDS,
    loadTimeoutMs: config.SHARD_LOAD_TIMEOUT_MS,
    colo,
    onUpdate: (loaded, scope) => warm(store, loaded, scope),
    onPointer: (pointer, scope) => warmFromPointer(store, pointer, scope),
  });
  return { config, origin, store, manifests };
}

/**
 * `servicesFor(env)`: the isolate's services; throws `precondition_failed` when a var is invalid
 * (a deployment mistake that must be loud, not a degraded answer). `createServices(env)`: a new
 * set bound to that env object, for tests that need their own (edge/lib/isolate.ts).
 *
 * @example
 * const { manifests, store } = servicesFor(c.env);
 */
export const { servicesFor, createServices }: IsolateServices<Env, Services> = isolateServices(
  RecommendWorkerVars,
  build,
);
