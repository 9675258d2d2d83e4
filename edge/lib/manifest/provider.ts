/**
 * The isolate's view of the live model. The pointer is trusted for `ttlMs`; after that the
 * next request is answered from the model in hand while a refresh runs in the background
 * (stale-while-revalidate: a request never waits for the bucket once a model is loaded), and
 * the cron trigger refreshes on its own schedule so quiet isolates also pick up new models.
 *
 * A failed refresh keeps the last good model and marks answers `manifest_stale`; with no model
 * at all (cold isolate, broken bucket) the colo's last-good copy is tried, then `no_model`.
 *
 * Every read of the origin is bounded (`loadTimeoutMs`), the shared refresh is kept alive by the
 * request that started it and cleared when it settles, and a cold request waits for it only
 * within its own deadline: a hanging bucket makes answers `no_model`, never makes them hang.
 */
import { type AppError, ioFailure } from '#shared/errors';
import type { CurrentPointer, DegradedReason } from '#shared/schemas';
import type { BlobOrigin } from '../blobs/origin.ts';
import { deadlineExceeded, loadTimedOut, withDeadline } from '../deadline.ts';
import { log } from '../observability/log.ts';
import { type RequestScope, remainingMs } from '../scope.ts';
import type { LastGoodManifest } from './last-good.ts';
import { type LoadedManifest, readManifest, readPointer } from './loader.ts';

export interface ManifestProviderOptions {
  origin: BlobOrigin;
  ttlMs: number;
  /** Bound of one origin read (pointer or manifest), in ms (default 5 s). */
  loadTimeoutMs?: number;
  lastGood?: LastGoodManifest;
  /** Called (without awaiting) when a new version becomes live, e.g. to warm its shards. */
  onUpdate?: (loaded: LoadedManifest, scope: RequestScope) => void;
  /**
   * Called (without awaiting) as soon as a pointer to a new version is read, before its
   * manifest: the pointer's `hot` refs can load beside the manifest.
   */
  onPointer?: (pointer: CurrentPointer, scope: RequestScope) => void;
  now?: () => number;
}

export interface ManifestState {
  loaded: LoadedManifest | undefined;
  /** Set when the model in use is not the verified current one, or there is none (detail: logs only). */
  degraded?: { reason: DegradedReason; detail: string };
}

export type RefreshOutcome = 'updated' | 'unchanged' | 'failed';

/** With no model at all, how often requests may retry the bucket (ms). */
const COLD_RETRY_MS = 1_000;

export class ManifestProvider {
  private loaded: LoadedManifest | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private lastError: AppError | undefined;
  private refreshing: { promise: Promise<RefreshOutcome>; startedAt: number } | undefined;
  /** The pointer the running (or last) refresh read; undefined when that read failed. */
  private pointerRead: Promise<CurrentPointer | undefined> = Promise.resolve(undefined);
  private readonly now: () => number;
  private readonly loadTimeoutMs: number;

  constructor(private readonly options: ManifestProviderOptions) {
    this.now = options.now ?? Date.now;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 5_000;
  }

  /**
   * The model to answer with now. Waits only when the isolate has none yet.
   *
   * @example
   * const { loaded, degraded } = await manifests.current(scope);
   */
  async current(scope: RequestScope): Promise<ManifestState> {
    const age = this.now() - this.checkedAt;
    if (this.loaded === undefined) {
      if (age >= Math.min(COLD_RETRY_MS, this.options.ttlMs)) await this.awaitRefresh(scope);
    } else if (age >= this.options.ttlMs) {
      scope.waitUntil(this.refresh(scope));
    }
    return this.state();
  }

  /** Re-reads the pointer now (the cron handler, or a stale request); concurrent calls share one. */
  refresh(scope: RequestScope): Promise<RefreshOutcome> {
    const running = this.refreshing;
    // Past twice its reads' bound a refresh is orphaned (its request's I/O was cancelled).
    if (running !== undefined && this.now() - running.startedAt <= 2 * this.loadTimeoutMs) {
      return running.promise;
    }
    const entry = {
      promise: this.doRefresh(scope).finally(() => {
        if (this.refreshing === entry) this.refreshing = undefined;
      }),
      startedAt: this.now(),
    };
    this.refreshing = entry;
    scope.waitUntil(entry.promise);
    return entry.promise;
  }

  /** A cold request's wait for the refresh: within its deadline, at most both reads' bound. */
  private async awaitRefresh(scope: RequestScope): Promise<void> {
    const left = remainingMs(scope, this.now());
    const bound = Math.min(left, 2 * this.loadTimeoutMs);
    try {
      await withDeadline(this.refresh(scope), bound, () =>
        left <= 2 * this.loadTimeoutMs ? deadlineExceeded('manifest') : loadTimedOut('manifest', bound),
      );
    } catch (error) {
      this.lastError = ioFailure(error);
    }
  }

  /** One bounded origin read. */
  private read<T>(what: string, run: () => Promise<T>): Promise<T> {
    return withDeadline(run(), this.loadTimeoutMs, () => loadTimedOut(what, this.loadTimeoutMs));
  }

  /**
   * The live pointer's `hot` refs without waiting for its manifest: the loaded model's, else
   * those of the pointer a running refresh is reading (undefined when there are none).
   *
   * @example
   * const hot = await manifests.hot(); // start the user's shard beside the manifest
   */
  async hot(): Promise<CurrentPointer['hot']> {
    if (this.loaded !== undefined) return this.loaded.pointer.hot;
    return (await this.pointerRead)?.hot;
  }

  /** Version, age and health for `/v1/health`. */
  state(): ManifestState {
    if (this.loaded === undefined) {
      const detail = this.lastError?.message ?? 'no manifest loaded yet';
      return { loaded: undefined, degraded: { reason: 'no_model', detail } };
    }
    if (this.lastError !== undefined) {
      return { loaded: this.loaded, degraded: { reason: 'manifest_stale', detail: this.lastError.message } };
    }
    return { loaded: this.loaded };
  }

  private async doRefresh(scope: RequestScope): Promise<RefreshOutcome> {
    const { origin, lastGood, onUpdate, onPointer } = this.options;
    try {
      const reading = this.read('manifest pointer', () => readPointer(origin));
      this.pointerRead = reading.catch(() => undefined);
      const pointer = await reading;
      this.checkedAt = this.now();
      const current = this.loaded?.pointer;
      if (
        current !== undefined &&
        pointer.sha256 === current.sha256 &&
        pointer.manifestKey === current.manifestKey
      ) {
        this.lastError = undefined;
        return 'unchanged';
      }
      onPointer?.(pointer, scope);
      const loaded = await this.read('manifest', () => readManifest(origin, pointer));
      const previous = this.loaded?.manifest.version ?? null;
      this.loaded = loaded;
      this.lastError = undefined;
      log('info', 'manifest_loaded', { version: pointer.version, previous, origin: origin.uri });
      if (lastGood !== undefined) scope.waitUntil(lastGood.save(loaded));
      onUpdate?.(loaded, scope);
      return 'updated';
    } catch (error) {
      this.checkedAt = this.now();
      this.lastError = ioFailure(error);
      const serving = this.loaded?.manifest.version ?? null;
      log('warn', 'manifest_refresh_failed', {
        kind: this.lastError.kind,
        detail: this.lastError.message,
        serving,
      });
      if (this.loaded === undefined && lastGood !== undefined) {
        const remembered = await this.read('last-good manifest', () => lastGood.load()).catch(
          () => undefined,
        );
        if (remembered !== undefined) {
          this.loaded = remembered;
          log('warn', 'manifest_last_good_used', { version: remembered.pointer.version });
        }
      }
      return 'failed';
    }
  }
}
