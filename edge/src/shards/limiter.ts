/**
 * A counting semaphore for the isolate's blob fetches. Workers allow six simultaneous open
 * connections per request and queue the rest; a cold search at a high nprobe used to start
 * hundreds of loads at once, which flooded the origin and got the isolate restarted. Loads wait
 * here instead, best lists first, and a waiter whose request gave up leaves the queue.
 *
 * A slot whose holder never releases it (its request's I/O was cancelled by the runtime) is
 * reclaimed after `maxHoldMs`, so a leak costs throughput for a while, never liveness.
 */
import { AppError } from '#shared/errors';

interface Waiter {
  grant(release: () => void): void;
}

export interface LimiterStats {
  active: number;
  queued: number;
  reclaimed: number;
}

export class Limiter {
  private readonly held = new Map<symbol, number>();
  private readonly queue: Waiter[] = [];
  private reclaimed = 0;

  constructor(
    readonly max: number,
    private readonly maxHoldMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for a slot; resolves with its (idempotent) release. Rejects with `unavailable` when
   * `signal` aborts first (the loads that wanted it were abandoned).
   *
   * @example
   * const release = await limiter.acquire(signal);
   * try { return await origin.get(key); } finally { release(); }
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    this.reclaimStale();
    if (signal?.aborted) return Promise.reject(abandoned());
    if (this.held.size < this.max) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(abandoned());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  stats(): LimiterStats {
    return { active: this.held.size, queued: this.queue.length, reclaimed: this.reclaimed };
  }

  private take(): () => void {
    const slot = Symbol('slot');
    this.held.set(slot, this.now());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.held.delete(slot)) this.pump();
    };
  }

  private pump(): void {
    while (this.held.size < this.max) {
      const next = this.queue.shift();
      if (next === undefined) return;
      next.grant(this.take());
    }
  }

  private reclaimStale(): void {
    const cutoff = this.now() - this.maxHoldMs;
    let freed = false;
    for (const [slot, since] of this.held) {
      if (since > cutoff) continue;
      this.held.delete(slot);
      this.reclaimed++;
      freed = true;
    }
    if (freed) this.pump();
  }
}

const abandoned = () => new AppError('unavailable', 'load abandoned before it reached the origin');
