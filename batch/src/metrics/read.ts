/**
 * Reads what the online metrics need from the edge's NDJSON: impressions (`impressions/…`) and
 * the clicks, carts and purchases (`events/…`) of the same sessions. The Parquet compaction keeps
 * only the training columns, so this reads the NDJSON the edge wrote (kept until retention
 * deletes it). Each line is checked with the shared zod schema; bad lines are counted, not fatal;
 * a repeated eventId (a client retry) counts once.
 */
import {
  BehaviourEvent,
  EVENTS_PREFIX,
  IMPRESSIONS_PREFIX,
  ImpressionEvent,
  type MetricsArm,
} from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { partitionStart } from '../data/events.ts';
import { readJsonLines } from '../data/lines.ts';

/** One shown list. */
export interface ImpressionRecord {
  session: string;
  ts: number;
  itemIds: readonly string[];
  modelVersion: string;
  placement: string;
  arm: MetricsArm;
}

/** A click, cart or purchase on one item. */
export interface ActionRecord {
  session: string;
  ts: number;
  itemId: string;
  type: 'click' | 'add_to_cart' | 'purchase';
  placement: string | undefined;
}

export interface OnlineEvents {
  impressions: ImpressionRecord[];
  actions: ActionRecord[];
  badLines: number;
}

export interface ReadOptions {
  /** Event-time window [since, until) in epoch ms. */
  since?: number;
  until?: number;
}

const HOUR_MS = 3_600_000;
/** Clients' clocks run ahead of the partition they are filed under by up to a day. */
const SLACK_MS = 24 * HOUR_MS;
/** Sessions are keyed like the training loaders key them. */
const sessionOf = (e: { sessionId?: string | undefined; userId?: string | undefined }): string =>
  e.sessionId === undefined ? `user:${e.userId}` : `session:${e.sessionId}`;

async function keysUnder(store: BlobStore, prefix: string, since: number, until: number): Promise<string[]> {
  const keys: string[] = [];
  for (const { key } of await store.list(prefix)) {
    const start = partitionStart(key);
    if (!/\.ndjson$/i.test(key)) continue;
    if (start !== null && (start + HOUR_MS + SLACK_MS <= since || start - SLACK_MS >= until)) continue;
    keys.push(key);
  }
  return keys.sort();
}

/**
 * Every impression and action in the window, in no particular order.
 *
 * @example
 * const { impressions, actions } = await readOnlineEvents(openStore('file://.vitrine/shop'));
 */
export async function readOnlineEvents(store: BlobStore, options: ReadOptions = {}): Promise<OnlineEvents> {
  const since = options.since ?? Number.NEGATIVE_INFINITY;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  const out: OnlineEvents = { impressions: [], actions: [], badLines: 0 };
  const seen = new Set<string>();
  const bad = () => {
    out.badLines++;
  };
  const fresh = (eventId: string, ts: number) => {
    if (ts < since || ts >= until || seen.has(eventId)) return false;
    seen.add(eventId);
    return true;
  };
  for (const key of await keysUnder(store, IMPRESSIONS_PREFIX, since, until)) {
    for (const { value } of readJsonLines(await store.get(key), bad)) {
      const parsed = ImpressionEvent.safeParse(value);
      if (!parsed.success) bad();
      else if (fresh(parsed.data.eventId, Date.parse(parsed.data.ts)))
        out.impressions.push(impression(parsed.data));
    }
  }
  for (const key of await keysUnder(store, EVENTS_PREFIX, since, until)) {
    for (const { value } of readJsonLines(await store.get(key), bad)) {
      const parsed = BehaviourEvent.safeParse(value);
      if (!parsed.success) bad();
      else if (parsed.data.type !== 'view' && fresh(parsed.data.eventId, Date.parse(parsed.data.ts)))
        out.actions.push({
          session: sessionOf(parsed.data),
          ts: Date.parse(parsed.data.ts),
          itemId: parsed.data.itemId,
          type: parsed.data.type,
          placement: parsed.data.context,
        });
    }
  }
  return out;
}

function impression(e: ImpressionEvent): ImpressionRecord {
  return {
    session: sessionOf(e),
    ts: Date.parse(e.ts),
    itemIds: e.itemIds,
    modelVersion: e.modelVersion ?? 'unknown',
    placement: e.context ?? 'unknown',
    arm: e.arm ?? 'none',
  };
}
