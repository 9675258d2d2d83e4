/**
 * `Server-Timing` for one request: named phase durations (manifest, user vector, routing, shard
 * fetch, scan, filter) that browsers' devtools and the load generator read back.
 *
 * In production workerd, clocks only advance across I/O (a Spectre mitigation), so pure
 * compute phases can read 0 there; local workerd and Node give real numbers.
 */

/** The phases the recommend path reports, in the order they happen. */
export type Phase = 'manifest' | 'user' | 'route' | 'fetch' | 'scan' | 'filter' | 'fallback';

/** Always reported (0 when a phase did not run, e.g. no shard had to be fetched). */
const STANDARD: readonly Phase[] = ['manifest', 'user', 'route', 'fetch', 'scan', 'filter'];

export class ServerTiming {
  private readonly totals = new Map<Phase, number>(STANDARD.map((p) => [p, 0]));

  /**
   * Runs `fn`, adding its wall time to `phase` (phases can be entered several times).
   *
   * @example
   * const model = await timing.measure('manifest', () => manifests.current(scope));
   */
  async measure<T>(phase: Phase, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Synchronous variant of `measure`, for compute phases that must not yield. */
  measureSync<T>(phase: Phase, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Adds `ms` to `phase`. */
  add(phase: Phase, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** The header value, e.g. `manifest;dur=0.12, scan;dur=1.5`. */
  header(): string {
    return Array.from(this.totals, ([phase, ms]) => `${phase};dur=${ms.toFixed(2)}`).join(', ');
  }
}
