/**
 * A small bounded HTTP load generator: `concurrency` workers on keep-alive connections, each
 * sending requests back to back until `durationMs` or `maxRequests` is reached. Latency is the
 * time to the last byte of the body. Runs on the same 2 cores as the server it measures.
 */

export interface LoadResult {
  requests: number;
  errors: number;
  /** Responses with a status other than 200. */
  non200: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

const quantile = (sorted: Float64Array, q: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

/**
 * Drives `nextUrl()` with `concurrency` parallel clients.
 *
 * @example
 * const r = await runLoad(() => `${base}/v1/health`, { concurrency: 8, durationMs: 10_000, maxRequests: 100_000 });
 */
export async function runLoad(
  nextUrl: () => string,
  options: { concurrency: number; durationMs: number; maxRequests: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let non200 = 0;
  let sent = 0;
  const started = performance.now();
  const end = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < end && sent < options.maxRequests) {
      sent++;
      const t0 = performance.now();
      try {
        const res = await fetch(nextUrl());
        await res.arrayBuffer();
        if (res.status !== 200) non200++;
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    non200,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number),
  };
}
