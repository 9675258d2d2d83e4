/**
 * `EventBuffer`: the Durable Object that makes "accepted" mean "will be in the bucket".
 *
 * Why a Durable Object, and not the alternatives:
 * - Direct per-request R2 writes give accepted ⇒ persisted, but one object per request (the
 *   training job would read millions of tiny files) and no race-free dedupe: R2 has no
 *   "put unless any object holds this eventId", and a marker object per event doubles the
 *   writes and still races between check and put.
 * - Queues batch nicely, but delivery is at-least-once and consumers need a strongly consistent
 *   record of seen ids anyway (KV is eventually consistent) — which is a Durable Object again.
 * - A Durable Object is single-threaded per id and has transactional SQLite storage. `ingest`
 *   records each new eventId and its NDJSON line in one transaction; the RPC reply is held by
 *   the runtime's output gate until that write is durable. So once the Worker answers
 *   "accepted", the event survives isolate eviction, redeploys and machine loss, and a retried
 *   id is found in `seen` (reported as a duplicate, stored once).
 *
 * Flushing: an alarm (EVENTS_FLUSH_SECONDS after the first buffered event, or at once past
 * EVENTS_FLUSH_MAX_EVENTS) writes one NDJSON object per stream into the current hour's
 * partition (why that hour: partition.ts) and deletes those rows.
 * Each object's key is assigned to its rows *before* the put, in the same storage, so a flush
 * that dies between put and delete rewrites the very same key with the very same lines: the
 * bucket never holds an event twice. A failed put keeps the rows and re-arms the alarm with
 * backoff; alarms themselves survive eviction. Events are spread over EVENTS_BUFFER_SHARDS
 * buffers by hash of eventId, so one id always meets the same `seen` table.
 */
import { DurableObject } from 'cloudflare:workers';
import { log } from '../../lib/index.ts';
import { ingestConfig } from './config.ts';
import { objectKey, partitionPrefix } from './partition.ts';
import type { ValidEvent } from './validate.ts';

/** Rows turned into objects per alarm run; more re-arms the alarm at once. */
const FLUSH_ROWS = 20_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export class EventBuffer extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private failures = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS seen_by_time ON seen (received_at);
      CREATE TABLE IF NOT EXISTS pending (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, line TEXT NOT NULL, object_key TEXT);
      CREATE INDEX IF NOT EXISTS pending_by_object ON pending (object_key);`);
  }

  /**
   * Stores the events whose id this buffer has not seen; returns how many were new.
   * Resolves only once the rows are durable.
   */
  async ingest(events: ValidEvent[]): Promise<IngestResult> {
    const now = Date.now();
    let accepted = 0;
    this.ctx.storage.transactionSync(() => {
      for (const e of events) {
        const fresh = this.sql.exec(
          'INSERT OR IGNORE INTO seen (event_id, received_at) VALUES (?, ?)',
          e.eventId,
          now,
        );
        if (fresh.rowsWritten === 0) continue;
        this.sql.exec('INSERT INTO pending (stream, line) VALUES (?, ?)', e.stream, e.line);
        accepted++;
      }
    });
    if (accepted > 0) await this.schedule(now);
    return { accepted, duplicates: events.length - accepted };
  }

  /** Rows waiting for a flush (tests and health). */
  async pendingCount(): Promise<number> {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM pending').one().n;
  }

  override async alarm(): Promise<void> {
    const config = ingestConfig(this.env);
    try {
      this.assignObjects(Date.now());
      for (const key of this.assignedKeys()) await this.writeObject(key);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.failures);
      log('error', 'events_flush_failed', { error, retryInMs: delay, failures: this.failures });
      await this.ctx.storage.setAlarm(Date.now() + delay);
      return;
    }
    this.sql.exec(
      'DELETE FROM seen WHERE received_at < ?',
      Date.now() - config.EVENTS_DEDUPE_HOURS * 3_600_000,
    );
    // Events that arrived while this flush was writing wait for the next one.
    const left = await this.pendingCount();
    if (left > 0)
      await this.ctx.storage.setAlarm(left >= FLUSH_ROWS ? Date.now() : Date.now() + this.flushDelay());
  }

  private flushDelay(): number {
    return ingestConfig(this.env).EVENTS_FLUSH_SECONDS * 1000;
  }

  private async schedule(now: number): Promise<void> {
    const full = (await this.pendingCount()) >= ingestConfig(this.env).EVENTS_FLUSH_MAX_EVENTS;
    const current = await this.ctx.storage.getAlarm();
    const due = full ? now : now + this.flushDelay();
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
  }

  /** Gives the oldest unassigned rows their object key: one object per stream, partition = now. */
  private assignObjects(flushMs: number): void {
    const rows = this.sql
      .exec<{ seq: number; stream: string }>(
        'SELECT seq, stream FROM pending WHERE object_key IS NULL ORDER BY seq LIMIT ?',
        FLUSH_ROWS,
      )
      .toArray();
    const ranges = new Map<string, { first: number; last: number }>();
    for (const { seq, stream } of rows) {
      const range = ranges.get(stream);
      if (range === undefined) ranges.set(stream, { first: seq, last: seq });
      else range.last = seq;
    }
    const buffer = this.ctx.id.toString().slice(0, 12);
    this.ctx.storage.transactionSync(() => {
      for (const [stream, { first, last }] of ranges) {
        this.sql.exec(
          'UPDATE pending SET object_key = ? WHERE object_key IS NULL AND stream = ? AND seq BETWEEN ? AND ?',
          objectKey(partitionPrefix(stream, flushMs), flushMs, buffer, first),
          stream,
          first,
          last,
        );
      }
    });
  }

  private assignedKeys(): string[] {
    return this.sql
      .exec<{ object_key: string }>(
        'SELECT DISTINCT object_key FROM pending WHERE object_key IS NOT NULL ORDER BY object_key',
      )
      .toArray()
      .map((r) => r.object_key);
  }

  /** Puts one object (its rows in arrival order), then forgets the rows. */
  private async writeObject(key: string): Promise<void> {
    const lines = this.sql
      .exec<{ line: string }>('SELECT line FROM pending WHERE object_key = ? ORDER BY seq', key)
      .toArray()
      .map((r) => r.line);
    await this.env.BUCKET.put(key, `${lines.join('\n')}\n`, {
      httpMetadata: { contentType: 'application/x-ndjson' },
      customMetadata: { events: String(lines.length) },
    });
    this.sql.exec('DELETE FROM pending WHERE object_key = ?', key);
    log('info', 'events_flushed', { key, events: lines.length });
  }
}
