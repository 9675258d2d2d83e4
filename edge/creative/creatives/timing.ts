/**
 * `Server-Timing` for one creative request (manifest, cache, generate, compose, fallback).
 * In production workerd clocks only advance across I/O (a Spectre mitigation), so compute
 * phases can read 0 there; local workerd gives real numbers.
 */
export class Timing {
  private readonly totals = new Map<string, number>();

  /** Runs `fn`, adding its wall time to `phase`. */
  async measure<T>(phase: string, fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.totals.set(phase, (this.totals.get(phase) ?? 0) + performance.now() - t0);
    }
  }

  /** The header value, e.g. `manifest;dur=0.10, generate;dur=1.52`. */
  header(): string {
    return Array.from(this.totals, ([phase, ms]) => `${phase};dur=${ms.toFixed(2)}`).join(', ');
  }
}
