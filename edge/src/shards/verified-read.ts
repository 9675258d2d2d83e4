/**
 * Reading a blob's bytes into the isolate: the colo cache first, then the origin, and the bytes
 * checked against the manifest's size and sha256 whichever layer they came from. A colo entry
 * that fails the check is evicted and the origin asked instead, so a poisoned or torn entry
 * never reaches the decoders.
 */
import { verifySha256 } from '#shared/crypto';
import { AppError } from '#shared/errors';
import type { BlobRef } from '#shared/schemas';
import { type BlobOrigin, log, type RequestScope } from '../../lib/index.ts';
import type { BlobEdgeCache } from './edge-cache.ts';

export interface ReadCounters {
  originLoads: number;
  edgeCacheLoads: number;
  /** sha256 checks done (one per blob entering the isolate). */
  verifications: number;
  verifyFailures: number;
}

export class VerifiedReader {
  readonly counters: ReadCounters = {
    originLoads: 0,
    edgeCacheLoads: 0,
    verifications: 0,
    verifyFailures: 0,
  };

  constructor(
    private readonly origin: BlobOrigin,
    private readonly edgeCache: BlobEdgeCache | undefined,
  ) {}

  /** Bytes of `ref` that match its manifest size and sha256, from the colo cache or the origin. */
  async read(ref: BlobRef, scope: RequestScope): Promise<Uint8Array> {
    const { edgeCache, origin } = this;
    const cached = await edgeCache?.get(ref);
    if (cached !== undefined) {
      const problem = await this.verify(cached, ref);
      if (problem === undefined) {
        this.counters.edgeCacheLoads++;
        return cached;
      }
      // A bad colo entry is dropped and the origin asked instead; it must not poison the isolate.
      log('warn', 'edge_cache_entry_rejected', {
        key: ref.key,
        detail: problem.message,
        requestId: scope.requestId,
      });
      scope.waitUntil(edgeCache?.evict(ref) ?? Promise.resolve());
    }
    const bytes = await origin.get(ref.key);
    this.counters.originLoads++;
    const problem = await this.verify(bytes, ref);
    if (problem !== undefined) throw problem;
    if (edgeCache !== undefined) scope.waitUntil(edgeCache.put(ref, bytes));
    return bytes;
  }

  private async verify(bytes: Uint8Array, ref: BlobRef): Promise<AppError | undefined> {
    this.counters.verifications++;
    if (bytes.length !== ref.size) {
      this.counters.verifyFailures++;
      return new AppError('corrupt', `${ref.key}: ${bytes.length} bytes, manifest says ${ref.size}`, {
        key: ref.key,
      });
    }
    const checked = await verifySha256(bytes, ref.sha256, ref.key);
    if (checked.ok) return undefined;
    this.counters.verifyFailures++;
    return checked.error;
  }
}
