/**
 * The colo-level cache between the isolate LRU and the origin. It has the Web Cache API's
 * shape (`match`/`put`), which `caches.default` provides in Workers; anything else with that
 * shape (an in-memory map in a benchmark) can stand in.
 *
 * Only content-addressed blobs (`blobs/<sha256>`) go in, so an entry never goes stale: the
 * max-age only bounds how long the colo keeps it. Bytes read back are still verified against
 * the manifest's sha256 by the shard cache, which protects against a poisoned or torn entry.
 */
import type { BlobRef } from '#shared/schemas';
import type { WebCache } from '../../lib/index.ts';

/** Cache keys are URLs; this host is never fetched, it only namespaces our entries. */
const KEY_BASE = 'https://vitrine-blobs.internal/';

export class BlobEdgeCache {
  constructor(
    private readonly cache: WebCache,
    private readonly maxAgeSeconds: number,
  ) {}

  /** The cached bytes of `ref`, or undefined on a miss or when the cache itself fails. */
  async get(ref: BlobRef): Promise<Uint8Array | undefined> {
    try {
      const res = await this.cache.match(KEY_BASE + ref.key);
      return res === undefined ? undefined : new Uint8Array(await res.arrayBuffer());
    } catch {
      return undefined; // a broken cache layer is a miss, never an error
    }
  }

  /** Stores `bytes` for `ref`; failures are swallowed (the cache is an optimisation). */
  async put(ref: BlobRef, bytes: Uint8Array): Promise<void> {
    const headers = {
      'content-type': 'application/octet-stream',
      'cache-control': `public, max-age=${this.maxAgeSeconds}, immutable`,
    };
    try {
      await this.cache.put(KEY_BASE + ref.key, new Response(bytes, { headers }));
    } catch {
      // ignored: next load goes to the origin again
    }
  }

  /** Drops an entry that failed verification. */
  async evict(ref: BlobRef): Promise<void> {
    try {
      await this.cache.delete(KEY_BASE + ref.key);
    } catch {
      // ignored
    }
  }
}
