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
 *
 * Liveness rules (a shared load once hung every later request for the isolate's life):
 * - a load is kept alive by the request that started it (`waitUntil`) and settles within
 *   `loadTimeoutMs` whatever the origin does; its in-flight entry is removed when it settles;
 * - every waiter also races its own timer (its request's deadline, at most `loadTimeoutMs`), so
 *   a load orphaned by a finished request can never hold anyone; an entry older than its bound
 *   is treated as abandoned and replaced;
 * - at most `maxConcurrentLoads` loads touch the network at once (the rest queue, best first);
 *   a queued load that every waiter gave up on leaves the queue.
 */
import { AppError, type Result } from '#shared/errors';
import type { BlobRef } from '#shared/schemas';
import type { BlobOrigin } from '../../lib/index.ts';
import {
  deadlineExceeded,
  loadTimedOut,
  log,
  type RequestScope,
  remainingMs,
  withDeadline,
} from '../../lib/index.ts';
import type { BlobEdgeCache } from './edge-cache.ts';
import { Limiter } from './limiter.ts';
import { ByteLru, type LruStats } from './lru.ts';
import { type ReadCounters, VerifiedReader } from './verified-read.ts';

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
  /** Bound of one load, queueing included (default 5 s); past it the load is `unavailable`. */
  loadTimeoutMs?: number;
  /** Loads allowed on the network at once in this isolate (default 6, the Workers connection limit). */
  maxConcurrentLoads?: number;
  now?: () => number;
}

export interface ShardCacheStats extends LruStats, ReadCounters {
  /** Reads that hit `loadTimeoutMs`, and in-flight entries found abandoned and replaced. */
  timeouts: number;
  abandoned: number;
  /** Loads on the network now, and waiting for a slot. */
  activeLoads: number;
  queuedLoads: number;
}

interface Inflight {
  readonly promise: Promise<unknown>;
  readonly startedAt: number;
  /** Aborts the load while it still waits for a fetch slot (nobody wants it any more). */
  readonly abort: AbortController;
  waiters: number;
}

export class ShardCache {
  private readonly lru: ByteLru<unknown>;
  private readonly inflight = new Map<string, Inflight>();
  private readonly failures = new Map<string, { error: AppError; until: number }>();
  private readonly limiter: Limiter;
  private readonly now: () => number;
  private readonly negativeTtlMs: number;
  private readonly loadTimeoutMs: number;
  private readonly reader: VerifiedReader;
  private counters = { timeouts: 0, abandoned: 0 };

  constructor(options: ShardCacheOptions) {
    this.lru = new ByteLru(options.maxBytes);
    this.reader = new VerifiedReader(options.origin, options.edgeCache);
    this.now = options.now ?? Date.now;
    this.negativeTtlMs = options.negativeTtlMs ?? 30_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 5_000;
    // A slot is held at most as long as its load may run, plus the origin's own timeout margin.
    this.limiter = new Limiter(options.maxConcurrentLoads ?? 6, 2 * this.loadTimeoutMs, this.now);
  }

  /**
   * The decoded value of `ref`. Rejects with `AppError` `corrupt` (size, sha256 or decoding),
   * `not_found`, `unavailable` (origin down, or no answer within the load bound) or
   * `deadline_exceeded` (the request's own deadline came first).
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
    if (remainingMs(scope, this.now()) <= 0) throw deadlineExceeded(ref.key);
    let entry = this.inflight.get(key);
    if (entry !== undefined && this.now() - entry.startedAt > this.loadTimeoutMs) {
      // It should have settled by now: its request's I/O was cancelled. Never wait on it again.
      this.counters.abandoned++;
      log('warn', 'shard_load_abandoned', { key: ref.key, requestId: scope.requestId });
      this.drop(key, entry);
      entry = undefined;
    }
    return this.join((entry ?? this.start(ref, decoder, scope, key)) as Inflight, ref, key, scope);
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

  /**
   * `origin` with each read holding a fetch slot (≤ `loadTimeoutMs`): the manifest loader reads
   * through it, so pointer and manifest count toward `maxConcurrentLoads` like the blobs beside.
   */
  sharingSlots(origin: BlobOrigin): BlobOrigin {
    return {
      uri: origin.uri,
      get: async (key) => {
        const release = await this.limiter.acquire();
        try {
          return await withDeadline(origin.get(key), this.loadTimeoutMs, () =>
            loadTimedOut(key, this.loadTimeoutMs),
          );
        } finally {
          release();
        }
      },
    };
  }

  stats(): ShardCacheStats {
    const { active, queued } = this.limiter.stats();
    return {
      ...this.lru.stats(),
      ...this.reader.counters,
      ...this.counters,
      activeLoads: active,
      queuedLoads: queued,
    };
  }

  /** Starts the one shared load of `key`, bounded, kept alive by `scope`, cleared when settled. */
  private start<T>(ref: BlobRef, decoder: Decoder<T>, scope: RequestScope, key: string): Inflight {
    const abort = new AbortController();
    const startedAt = this.now();
    const loading = this.load(ref, decoder, scope, key, abort.signal, startedAt);
    const bounded = withDeadline(loading, this.loadTimeoutMs, () =>
      loadTimedOut(ref.key, this.loadTimeoutMs),
    );
    const entry: Inflight = {
      promise: bounded.finally(() => this.drop(key, entry)),
      startedAt,
      abort,
      waiters: 0,
    };
    const settled = entry.promise.catch(() => undefined);
    // Without this, the runtime may cancel the load when the request that started it answers,
    // while other requests still wait for it.
    scope.waitUntil(settled);
    this.inflight.set(key, entry);
    return entry;
  }

  /** Waits for `entry` within the waiter's own bound: its deadline, at most one load bound. */
  private async join<T>(entry: Inflight, ref: BlobRef, key: string, scope: RequestScope): Promise<T> {
    const left = remainingMs(scope, this.now());
    const bound = Math.min(left, this.loadTimeoutMs);
    entry.waiters++;
    try {
      return (await withDeadline(entry.promise, bound, () =>
        left <= this.loadTimeoutMs ? deadlineExceeded(ref.key) : loadTimedOut(ref.key, this.loadTimeoutMs),
      )) as T;
    } finally {
      entry.waiters--;
      if (entry.waiters === 0 && this.inflight.get(key) === entry) {
        // Nobody waits any more: a load still queued for a slot is not worth a connection.
        entry.abort.abort();
      }
    }
  }

  private drop(key: string, entry: Inflight): void {
    if (this.inflight.get(key) === entry) this.inflight.delete(key);
  }

  private async load<T>(
    ref: BlobRef,
    decoder: Decoder<T>,
    scope: RequestScope,
    key: string,
    signal: AbortSignal,
    startedAt: number,
  ): Promise<T> {
    try {
      const release = await this.limiter.acquire(signal);
      let bytes: Uint8Array;
      try {
        // The slot is given back at the load's bound even if the read itself never settles.
        const left = startedAt + this.loadTimeoutMs - this.now();
        bytes = await withDeadline(this.reader.read(ref, scope), left, () => {
          this.counters.timeouts++;
          return loadTimedOut(ref.key, this.loadTimeoutMs);
        });
      } finally {
        release();
      }
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
}
