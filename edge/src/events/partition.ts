/**
 * Where events land in the bucket: `<stream>dt=YYYY-MM-DD/hour=HH/<flush ms>-<buffer>-<seq>.ndjson`.
 *
 * The partition is the UTC hour in which a buffer *wrote* the object (a few seconds after the
 * events were received; each line also carries its exact `receivedAt`), and the name starts with
 * the zero-padded write time. So keys sort in the order objects were written, across all buffers
 * and hours: `vitrine pipeline` records the largest key it consumed as its watermark and counts
 * keys above it as new, which holds only if no object can later appear below that mark. (Filing
 * by the client's `ts`, or even by receive time, would break that at every hour boundary.) The
 * write hour is never earlier than the receive hour, so the loaders' partition pruning by time
 * never skips an event. Buffer id and first sequence number make names unique across buffers and
 * deterministic for one flush (a retried flush rewrites the same object).
 */

const HOUR_MS = 3_600_000;

/**
 * `events/dt=2026-11-29/hour=05/` for a stream prefix and an instant.
 *
 * @example
 * partitionPrefix('events/', Date.parse('2026-11-29T05:17:00Z')); // 'events/dt=2026-11-29/hour=05/'
 */
export function partitionPrefix(stream: string, ms: number): string {
  const iso = new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
  return `${stream}dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/`;
}

/**
 * Key of one flushed object.
 *
 * @example
 * objectKey('events/dt=2026-11-29/hour=05/', 1764393600000, 'a1b2c3d4e5f6', 42);
 * // 'events/dt=2026-11-29/hour=05/1764393600000-a1b2c3d4e5f6-0000000042.ndjson'
 */
export function objectKey(prefix: string, flushMs: number, buffer: string, firstSeq: number): string {
  return `${prefix}${String(flushMs).padStart(13, '0')}-${buffer}-${String(firstSeq).padStart(10, '0')}.ndjson`;
}
