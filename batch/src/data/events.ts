/**
 * Behaviour events → interactions: reads the NDJSON files the edge appends under
 * `events/dt=YYYY-MM-DD/hour=HH/*.ndjson`, validates each line with the zod `BehaviourEvent`
 * schema, and turns each event into one weighted row (weights per type from `EVENT_WEIGHTS`).
 *
 * Anonymous events (no `userId`) are keyed by `session:<sessionId>`, so a visitor's session is one
 * "user" the model can learn from. Repeated `eventId`s (client retries) count once, and events
 * before `since` are skipped; both are counted as skipped, not bad.
 *
 * Partition pruning: a file whose partition hour ends more than `partitionSlackMs` before `since`
 * is not even fetched. The slack (default 1 day) covers clients whose clock runs ahead of the
 * partition the edge filed them under.
 */
import { BehaviourEvent, EVENT_WEIGHTS, type EventType, issueText } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { InteractionBuilder, type InteractionSet } from './interactions.ts';
import { type Line, readJsonLines } from './lines.ts';
import { type LoadReport, type LoadResult, ReportBuilder } from './report.ts';
import { resolveStore } from './source.ts';

export interface EventsOptions {
  /** Key prefix to list (default `events/`). */
  prefix?: string;
  /** Keep only events at or after this instant (epoch ms or Date). */
  since?: number | Date;
  /** Keep only events before this instant (epoch ms or Date). */
  until?: number | Date;
  /** Weight per event type (default `EVENT_WEIGHTS`). */
  weights?: Partial<Record<EventType, number>>;
  /** Count a repeated eventId once (default true; costs a Set of ids in memory). */
  dedupe?: boolean;
  /** See the module header (default 24 h). */
  partitionSlackMs?: number;
  /** Continue an existing builder (to share an index space with other data). */
  builder?: InteractionBuilder;
  maxBadRows?: number;
}

/** `LoadReport` plus what only event files have. */
export interface EventsReport extends LoadReport {
  /** Files read, and files under the prefix left out (wrong extension or pruned by `since`). */
  files: number;
  filesPruned: number;
  /** Kept events per type. */
  byType: Record<EventType, number>;
  /** Skipped because their eventId was seen before. */
  duplicates: number;
}

const PARTITION = /(?:^|\/)dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;
const HOUR_MS = 3_600_000;

/** Start of the partition hour a key belongs to (epoch ms), or null when it has none. */
export function partitionStart(key: string): number | null {
  const m = PARTITION.exec(key);
  if (!m) return null;
  const t = Date.parse(`${m[1]}T${m[2]}:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/** The [since, until) instants events are kept in, and the partition files that cannot hold any. */
export interface EventWindow {
  since: number;
  until: number;
  /** A key whose partition hour lies wholly outside the window, by more than the slack. */
  prunes(key: string): boolean;
}

/**
 * The window of a loader's `since`/`until`/`partitionSlackMs` (NDJSON and Parquet alike).
 *
 * @example
 * const window = eventWindow({ since: Date.now() - 30 * 86_400_000 }); // window.prunes(key)
 */
export function eventWindow(
  options: Pick<EventsOptions, 'since' | 'until' | 'partitionSlackMs'>,
): EventWindow {
  const since = options.since === undefined ? Number.NEGATIVE_INFINITY : +options.since;
  const until = options.until === undefined ? Number.POSITIVE_INFINITY : +options.until;
  const slack = options.partitionSlackMs ?? 24 * HOUR_MS;
  const prunes = (key: string) => {
    const start = partitionStart(key);
    return start !== null && (start + HOUR_MS + slack <= since || start - slack >= until);
  };
  return { since, until, prunes };
}

/**
 * Loads every event file under `options.prefix` into one `InteractionSet`.
 *
 * @example
 * const { data, report } = await loadBehaviourEvents('s3://shop/vitrine', { since: Date.now() - 30 * 86_400_000 });
 * console.log(report.byType.purchase, report.rowsBad);
 */
export async function loadBehaviourEvents(
  store: BlobStore | string,
  options: EventsOptions = {},
): Promise<LoadResult<InteractionSet, EventsReport>> {
  const blobs = resolveStore(store);
  const prefix = options.prefix ?? 'events/';
  const { since, until, prunes } = eventWindow(options);
  const keys: string[] = [];
  let pruned = 0;
  for (const { key } of await blobs.list(prefix)) {
    if (!/\.ndjson$/i.test(key) || prunes(key)) pruned++;
    else keys.push(key);
  }
  const parser = new EventParser(prefix, options);
  for (const key of keys) parser.parse(await blobs.get(key), key, since, until);
  return parser.finish(keys.length, pruned);
}

/**
 * Parses NDJSON event bytes from one file (the core of `loadBehaviourEvents`, usable on its own).
 *
 * @example
 * const { data, report } = parseBehaviourEvents(bytes, 'events/dt=2026-01-01/hour=00/part-0.ndjson');
 */
export function parseBehaviourEvents(
  bytes: Uint8Array,
  source: string,
  options: Omit<EventsOptions, 'prefix' | 'partitionSlackMs'> = {},
): LoadResult<InteractionSet, EventsReport> {
  const { since, until } = eventWindow(options);
  const parser = new EventParser(source, options);
  parser.parse(bytes, source, since, until);
  return parser.finish(1, 0);
}

class EventParser {
  private readonly report: ReportBuilder;
  private readonly builder: InteractionBuilder;
  private readonly weights: Record<EventType, number>;
  private readonly seen: Set<string> | null;
  private readonly byType: Record<EventType, number> = { view: 0, click: 0, add_to_cart: 0, purchase: 0 };
  private duplicates = 0;

  constructor(source: string, options: EventsOptions) {
    this.report = new ReportBuilder(source, options.maxBadRows);
    this.builder = options.builder ?? new InteractionBuilder();
    this.weights = { ...EVENT_WEIGHTS, ...options.weights };
    this.seen = options.dedupe === false ? null : new Set();
  }

  parse(bytes: Uint8Array, source: string, since: number, until: number): void {
    const bad = (l: Line, reason: string) => this.report.bad(source, l.line, reason, l.text);
    for (const { value, text, line } of readJsonLines(bytes, bad)) {
      const parsed = BehaviourEvent.safeParse(value);
      if (!parsed.success) {
        this.report.bad(source, line, issueText(parsed.error), text);
        continue;
      }
      const e = parsed.data;
      const ts = Date.parse(e.ts);
      if (ts < since || ts >= until) {
        this.report.skipped();
        continue;
      }
      if (this.seen !== null) {
        if (this.seen.has(e.eventId)) {
          this.duplicates++;
          this.report.skipped();
          continue;
        }
        this.seen.add(e.eventId);
      }
      const user = e.userId ?? `session:${e.sessionId}`;
      this.builder.add(user, e.itemId, this.weights[e.type], ts);
      this.byType[e.type]++;
      this.report.kept();
    }
  }

  finish(files: number, filesPruned: number): LoadResult<InteractionSet, EventsReport> {
    return {
      data: this.builder.build(),
      report: {
        ...this.report.finish(),
        files,
        filesPruned,
        byType: this.byType,
        duplicates: this.duplicates,
      },
    };
  }
}
