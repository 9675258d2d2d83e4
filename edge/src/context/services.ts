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
  /**
   * Call once a request has its answer: starts loading what a new model needs besides the
   * router (fallback lists, fold-in Gramian), if nothing has yet. Started beside a cold
   * answer's list reads, their reads and decoding (the fallback's JSON: ~10 ms on a cold
   * isolate) only delayed that answer, which needs neither; a request that does need one
   * loads it itself and shares the load.
   */
  afterAnswer(scope: RequestScope): void;
}

/** Background work: kept alive by the request, but not bound by its deadline. */
const background = (request: RequestScope): RequestScope => ({ waitUntil: (p) => request.waitUntil(p) });

/** Starts loading what every request of a new model needs first: the router's centroids. */
function warm(store: ShardStore, loaded: LoadedManifest, request: RequestScope): void {
  const scope = background(request);
  scope.waitUntil(store.shard(loaded.manifest.items.index.centroids, scope).catch(() => undefined));
}

/** The rest of `warm`, for `afterAnswer`. */
function warmRest(store: ShardStore, loaded: LoadedManifest, request: RequestScope): void {
  const { manifest } = loaded;
  const dim = manifest.model.dim;
  const scope = background(request);
  scope.waitUntil(
    Promise.allSettled([
      store.fallback(manifest.fallback, scope),
      store.f32(manifest.foldIn.gramian, dim * dim, scope),
    ]),
  );
}

/** A new version's pointer is read: its centroids load beside its manifest (nothing waits). */
function warmFromPointer(store: ShardStore, pointer: CurrentPointer, request: RequestScope): void {
  if (pointer.hot === undefined) return;
  const scope = background(request);
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
  // The model whose rest is not loading yet (set when a new model goes live).
  let unwarmed: LoadedManifest | undefined;
  const manifests = openManifests({
    origin: cache.sharingSlots(origin),
    ttlSeconds: config.MANIFEST_TTL_SECONDS,
    loadTimeoutMs: config.SHARD_LOAD_TIMEOUT_MS,
    colo,
    onUpdate: (loaded, scope) => {
      unwarmed = loaded;
      warm(store, loaded, scope);
    },
    onPointer: (pointer, scope) => warmFromPointer(store, pointer, scope),
  });
  const afterAnswer = (scope: RequestScope): void => {
    if (unwarmed !== undefined) warmRest(store, unwarmed, scope);
    unwarmed = undefined;
  };
  return { config, origin, store, manifests, afterAnswer };
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
