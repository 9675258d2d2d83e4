/**
 * The per-isolate singletons of the recommend Worker, built once from the bindings and vars:
 * origin (R2 or HTTP), colo cache, shard cache/store, manifest provider. Everything that should
 * survive between requests of one isolate lives here and nowhere else.
 *
 * Keyed by the configuration, so a caller passing different vars (a test pointing BLOB_ORIGIN
 * at a local HTTP server) gets its own set instead of silently reusing another's.
 */
import { RecommendWorkerVars } from '#shared/schemas';
import { LastGoodManifest, type LoadedManifest, ManifestProvider } from '../manifest/index.ts';
import {
  BlobEdgeCache,
  type BlobOrigin,
  openOrigin,
  ShardCache,
  ShardStore,
  type WebCache,
} from '../shards/index.ts';
import type { RequestScope } from './scope.ts';
import { parseWorkerVars } from './vars.ts';

export interface Services {
  config: RecommendWorkerVars;
  origin: BlobOrigin;
  store: ShardStore;
  manifests: ManifestProvider;
}

const byConfig = new Map<string, Services>();

/** `caches.default` where the runtime has it (workerd), else undefined. */
function defaultCache(): WebCache | undefined {
  const storage = (globalThis as { caches?: { default?: WebCache } }).caches;
  return storage?.default;
}

/** Starts loading what every request of a new model needs first, so the first user does not wait. */
function warm(store: ShardStore, loaded: LoadedManifest, scope: RequestScope): void {
  const { manifest } = loaded;
  const dim = manifest.model.dim;
  scope.waitUntil(
    Promise.allSettled([
      store.shard(manifest.items.index.centroids, scope),
      store.fallback(manifest.fallback, scope),
      store.f32(manifest.foldIn.gramian, dim * dim, scope),
    ]),
  );
}

/**
 * The isolate's services for `env`; throws `precondition_failed` when a var is invalid
 * (a deployment mistake that must be loud, not a degraded answer).
 *
 * @example
 * const { manifests, store } = servicesFor(c.env);
 */
export function servicesFor(env: Env): Services {
  const vars = {
    MANIFEST_TTL_SECONDS: env.MANIFEST_TTL_SECONDS,
    BLOB_ORIGIN: env.BLOB_ORIGIN,
    SHARD_CACHE_MAX_BYTES: env.SHARD_CACHE_MAX_BYTES,
    EDGE_CACHE_TTL_SECONDS: env.EDGE_CACHE_TTL_SECONDS,
  };
  const key = JSON.stringify(vars);
  const existing = byConfig.get(key);
  if (existing !== undefined) return existing;
  const config = parseWorkerVars(RecommendWorkerVars, vars);
  const origin = openOrigin(config.BLOB_ORIGIN, env.BUCKET);
  const colo = config.EDGE_CACHE_TTL_SECONDS > 0 ? defaultCache() : undefined;
  const edgeCache = colo === undefined ? undefined : new BlobEdgeCache(colo, config.EDGE_CACHE_TTL_SECONDS);
  const cache = new ShardCache({
    origin,
    maxBytes: config.SHARD_CACHE_MAX_BYTES,
    ...(edgeCache === undefined ? {} : { edgeCache }),
  });
  const store = new ShardStore(cache);
  const manifests = new ManifestProvider({
    origin,
    ttlMs: config.MANIFEST_TTL_SECONDS * 1000,
    ...(colo === undefined ? {} : { lastGood: new LastGoodManifest(colo, 7 * 86_400) }),
    onUpdate: (loaded, scope) => warm(store, loaded, scope),
  });
  const services: Services = { config, origin, store, manifests };
  byConfig.set(key, services);
  return services;
}
