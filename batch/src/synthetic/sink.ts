/**
 * Writes generated data into a `BlobStore` the way production writes it, so the real loaders read
 * it back: events as NDJSON partitioned `events/dt=YYYY-MM-DD/hour=HH/part-NNNNN.ndjson` (the
 * edge's layout), the catalogue as JSON-lines parts `catalogue/part-NNNNN.jsonl`.
 *
 * Memory stays bounded: a partition's lines are buffered only until it reaches `maxPartBytes`
 * (then a part is put) or until the generator has moved past its hour (then it is final).
 */
import type { BlobStore } from '#shared/storage';
import { type Catalogue, catalogueRow } from '../data/catalogue.ts';

const HOUR_MS = 3_600_000;
const encoder = new TextEncoder();

/** Key of part `part` of the partition holding `ts`. */
export function eventPartKey(prefix: string, ts: number, part: number): string {
  const iso = new Date(Math.floor(ts / HOUR_MS) * HOUR_MS).toISOString();
  return `${prefix}dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}/part-${String(part).padStart(5, '0')}.ndjson`;
}

interface Partition {
  /** Encoded lines so far; handed to `put` whole, then replaced (a put may still be reading it). */
  buf: Uint8Array;
  len: number;
  parts: number;
}

const INITIAL_BUFFER = 64 * 1024;

/**
 * Buffers NDJSON lines per hour partition and puts them as parts. Lines are UTF-8 encoded
 * straight into a per-partition byte buffer (`encodeInto`), so no joined string is ever built.
 *
 * @example
 * const w = new PartitionedEventWriter(store);
 * w.add(JSON.stringify(event), ts);
 * await w.flushBefore(nextHourStart);
 * const { files, bytes } = await w.close();
 */
export class PartitionedEventWriter {
  private readonly open = new Map<number, Partition>();
  private pending: Promise<void>[] = [];
  files = 0;
  bytes = 0;

  constructor(
    private readonly store: BlobStore,
    private readonly prefix = 'events/',
    private readonly maxPartBytes = 8 << 20,
  ) {}

  /** Appends one line (without newline) to the partition of `ts`. */
  add(line: string, ts: number): void {
    const hour = Math.floor(ts / HOUR_MS) * HOUR_MS;
    let p = this.open.get(hour);
    if (p === undefined) {
      p = { buf: new Uint8Array(INITIAL_BUFFER), len: 0, parts: 0 };
      this.open.set(hour, p);
    }
    // UTF-8 needs at most 3 bytes per UTF-16 code unit, plus the newline.
    const need = p.len + line.length * 3 + 1;
    if (need > p.buf.length) {
      const grown = new Uint8Array(Math.max(need, p.buf.length * 2));
      grown.set(p.buf.subarray(0, p.len));
      p.buf = grown;
    }
    p.len += encoder.encodeInto(line, p.buf.subarray(p.len)).written;
    p.buf[p.len++] = 10;
    if (p.len >= this.maxPartBytes) this.put(hour, p);
  }

  /** Puts every partition whose hour starts before `ts` (no more events will land there). */
  async flushBefore(ts: number): Promise<void> {
    for (const [hour, p] of this.open) {
      if (hour + HOUR_MS <= ts) {
        this.put(hour, p);
        this.open.delete(hour);
      }
    }
    await this.drain();
  }

  /** Puts everything left and waits for all writes. */
  async close(): Promise<{ files: number; bytes: number }> {
    await this.flushBefore(Number.POSITIVE_INFINITY);
    return { files: this.files, bytes: this.bytes };
  }

  private put(hour: number, p: Partition): void {
    if (p.len === 0) return;
    const bytes = p.buf.subarray(0, p.len);
    const key = eventPartKey(this.prefix, hour, p.parts++);
    p.buf = new Uint8Array(INITIAL_BUFFER);
    p.len = 0;
    this.files++;
    this.bytes += bytes.length;
    this.pending.push(this.store.put(key, bytes, { contentType: 'application/x-ndjson' }));
  }

  private async drain(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}

/**
 * ISO-8601 UTC text of epoch ms `t`, like `Date#toISOString` but reusing the date-and-hour
 * prefix between calls: events arrive in near time order, so almost every call only formats
 * minutes, seconds and milliseconds (no Date object per event).
 */
export class IsoClock {
  private hour = Number.NaN;
  private prefix = '';

  format(t: number): string {
    const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
    if (hour !== this.hour) {
      this.hour = hour;
      this.prefix = new Date(hour).toISOString().slice(0, 14); // "YYYY-MM-DDTHH:"
    }
    const ms = t - hour;
    const m = Math.floor(ms / 60_000);
    const s = Math.floor((ms % 60_000) / 1000);
    const frac = ms % 1000;
    return `${this.prefix}${m < 10 ? '0' : ''}${m}:${s < 10 ? '0' : ''}${s}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  }
}

/**
 * Writes `catalogue` as JSON-lines parts of `perPart` items (each line a `CatalogueItem`).
 *
 * @example
 * await writeCatalogueJsonl(store, catalogue); // catalogue/part-00000.jsonl, …
 */
export async function writeCatalogueJsonl(
  store: BlobStore,
  catalogue: Catalogue,
  prefix = 'catalogue/',
  perPart = 50_000,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (let start = 0; start < catalogue.length; start += perPart) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(catalogue.length, start + perPart); r++) {
      lines.push(JSON.stringify(catalogueRow(catalogue, r)));
    }
    const data = encoder.encode(`${lines.join('\n')}\n`);
    await store.put(`${prefix}part-${String(files).padStart(5, '0')}.jsonl`, data, {
      contentType: 'application/x-ndjson',
    });
    files++;
    bytes += data.length;
  }
  return { files, bytes };
}
