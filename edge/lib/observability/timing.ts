/**
 * `Server-Timing` for one request: named phase durations that browsers' devtools and the load
 * generators read back. Each Worker names its own phases (`P`); phases listed at construction
 * are always reported (0 when they did not run).
 *
 * In production workerd, clocks only advance across I/O (a Spectre mitigation), so pure
 * compute phases can read 0 there; local workerd and Node give real numbers.
 */
export class ServerTiming<P extends string = string> {
  private readonly totals: Map<P, number>;

  constructor(always: readonly P[] = []) {
    this.totals = new Map(always.map((p) => [p, 0]));
  }

  /**
   * Runs `fn`, adding its wall time to `phase` (phases can be entered several times).
   *
   * @example
   * const model = await timing.measure('manifest', () => manifests.current(scope));
   */
  async measure<T>(phase: P, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Synchronous variant of `measure`, for compute phases that must not yield. */
  measureSync<T>(phase: P, fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  /** Adds `ms` to `phase`. */
  add(phase: P, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** The header value, e.g. `manifest;dur=0.12, scan;dur=1.50`. */
  header(): string {
    return Array.from(this.totals, ([phase, ms]) => `${phase};dur=${ms.toFixed(2)}`).join(', ');
  }
}
