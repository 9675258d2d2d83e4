/**
 * Layered, verified loading of immutable blobs, decoded once per isolate:
 *
 *   isolate LRU of decoded values (byte budget) → caches.default (colo) → origin (R2 or HTTP)
 *
 * Bytes are checked against the manifest's size and sha256 once, when they enter the isolate
 * (from the colo cache or the origin), never on an LRU hit: hashing a 1 MB shard costs about a
 * millisecond, decoding it a little more, and a hit must cost neither. Concurrent requests for
 * the same blob share one load. A blob that proved corrupt or missing is remembered for a
 * short while, so a broken publish does not make every request re-download it.
 */
import { verifySha256 } from '#shared/crypto';
import { AppError, type Result } from '#shared/errors';
import type { BlobRef } from '#shared/schemas';
import { type BlobOrigin, log, type RequestScope } from '../../lib/index.ts';
import type { BlobEdgeCache } from './edge-cache.ts';
import { ByteLru, type LruStats } from './lru.ts';

/** Turns verified bytes into the value the isolate keeps (a decoded shard, parsed JSON…). */
export interface Decoder<T> {
  /** Distinguishes different decodings of the same bytes in the LRU. */
  readonly kind: string;
  decode(bytes: Uint8Array, ref: BlobRef): Result<T>;
  /** Approximate isolate memory held by the decoded value (charged to the LRU budget). */
  bytesOf(value: T, raw: Uint8Array): number;
}

export interface ShardCacheOptions {
  origin: BlobOrigin;
  /** The colo cache layer; omitted when disabled. */
  edgeCache?: BlobEdgeCache;
  /** Byte budget of the isolate LRU. */
  maxBytes: number;
  /** How long a corrupt or missing blob is not retried, in ms (default 30 s). */
  negativeTtlMs?: number;
  now?: () => number;
}

export interface ShardCacheStats extends LruStats {
  originLoads: number;
  edgeCacheLoads: number;
  /** sha256 checks done (one per blob entering the isolate). */
  verifications: number;
  verifyFailures: number;
}

export class ShardCache {
  private readonly lru: ByteLru<unknown>;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly failures = new Map<string, { error: AppError; until: number }>();
  private readonly now: () => number;
  private readonly negativeTtlMs: number;
  private counters = { originLoads: 0, edgeCacheLoads: 0, verifications: 0, verifyFailures: 0 };

  constructor(private readonly options: ShardCacheOptions) {
    this.lru = new ByteLru(options.maxBytes);
    this.now = options.now ?? Date.now;
    this.negativeTtlMs = options.negativeTtlMs ?? 30_000;
  }

  /**
   * The decoded value of `ref`. Rejects with `AppError` `corrupt` (size, sha256 or decoding),
   * `not_found` or `unavailable`.
   *
   * @example
   * const shard = await cache.get(list.shard, SHARD_DECODER, scope);
   */
  async get<T>(ref: BlobRef, decoder: Decoder<T>, scope: RequestScope): Promise<T> {
    const key = `${decoder.kind}:${ref.sha256}`;
    const hit = this.lru.get(key);
    if (hit !== undefined) return hit as T;
    const failed = this.failures.get(key);
    if (failed !== undefined) {
      if (failed.until > this.now()) throw failed.error;
      this.failures.delete(key);
    }
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const load = this.load(ref, decoder, scope, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, load);
    return load;
  }

  /**
   * The decoded value of `ref` if it is already in the isolate, without waiting: the hot path
   * of a warm search touches hundreds of lists and should not pay a promise per list.
   *
   * @example
   * const hit = cache.peek(list.shard, SHARD_DECODER) ?? (await cache.get(list.shard, SHARD_DECODER, scope));
   */
  peek<T>(ref: BlobRef, decoder: Decoder<T>): T | undefined {
    return this.lru.get(`${decoder.kind}:${ref.sha256}`) as T | undefined;
  }

  stats(): ShardCacheStats {
    return { ...this.lru.stats(), ...this.counters };
  }

  private async load<T>(ref: BlobRef, decoder: Decoder<T>, scope: RequestScope, key: string): Promise<T> {
    try {
      const bytes = await this.verifiedBytes(ref, scope);
      const decoded = decoder.decode(bytes, ref);
      if (!decoded.ok) {
        throw new AppError('corrupt', `${ref.key}: ${decoded.error.message}`, {
          key: ref.key,
          cause: decoded.error,
        });
      }
      this.lru.set(key, decoded.value, decoder.bytesOf(decoded.value, bytes));
      return decoded.value;
    } catch (error) {
      if (error instanceof AppError && (error.kind === 'corrupt' || error.kind === 'not_found')) {
        this.failures.set(key, { error, until: this.now() + this.negativeTtlMs });
      }
      throw error;
    }
  }

  /** Bytes of `ref` that match its manifest size and sha256, from the colo cache or the origin. */
  private async verifiedBytes(ref: BlobRef, scope: RequestScope): Promise<Uint8Array> {
    const { edgeCache, origin } = this.options;
    const cached = await edgeCache?.get(ref);
    if (cached !== undefined) {
      const problem = await this.verify(cached, ref);
      if (problem === undefined) {
        this.counters.edgeCacheLoads++;
        return cached;
      }
      // A bad colo entry is dropped and the origin asked instead; it must not poison the isolate.
      log('warn', 'edge_cache_entry_rejected', { key: ref.key, detail: problem.message });
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
