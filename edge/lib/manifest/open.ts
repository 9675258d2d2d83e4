/**
 * The manifest provider as both Workers configure it: the origin, the TTL from their vars, and
 * — where the runtime has a colo cache — the colo's last good copy (kept a week) as the
 * cold-isolate safety net.
 */
import type { CurrentPointer } from '#shared/schemas';
import type { BlobOrigin } from '../blobs/origin.ts';
import type { WebCache } from '../blobs/web-cache.ts';
import type { RequestScope } from '../scope.ts';
import { LastGoodManifest } from './last-good.ts';
import type { LoadedManifest } from './loader.ts';
import { ManifestProvider } from './provider.ts';

/** How long the colo keeps the last good manifest. */
const LAST_GOOD_MAX_AGE_SECONDS = 7 * 86_400;

export interface OpenManifestsOptions {
  origin: BlobOrigin;
  ttlSeconds: number;
  /** Bound of one origin read of the pointer or a manifest, in ms (the provider's default: 5 s). */
  loadTimeoutMs?: number;
  /** The colo cache, when the runtime has one. */
  colo: WebCache | undefined;
  /** Called (without awaiting) when a new version becomes live, e.g. to warm what it needs first. */
  onUpdate?: (loaded: LoadedManifest, scope: RequestScope) => void;
  /** Called (without awaiting) when a pointer to a new version is read, before its manifest. */
  onPointer?: (pointer: CurrentPointer, scope: RequestScope) => void;
}

/**
 * @example
 * const manifests = openManifests({ origin: store, ttlSeconds: 30, colo: defaultColoCache() });
 */
export function openManifests(options: OpenManifestsOptions): ManifestProvider {
  const { origin, ttlSeconds, colo, onUpdate, onPointer, loadTimeoutMs } = options;
  return new ManifestProvider({
    origin,
    ttlMs: ttlSeconds * 1000,
    ...(loadTimeoutMs === undefined ? {} : { loadTimeoutMs }),
    ...(colo === undefined ? {} : { lastGood: new LastGoodManifest(colo, LAST_GOOD_MAX_AGE_SECONDS) }),
    ...(onUpdate === undefined ? {} : { onUpdate }),
    ...(onPointer === undefined ? {} : { onPointer }),
  });
}
