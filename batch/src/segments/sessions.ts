/**
 * Training sessions for segment vectors from the edge's NDJSON events: each session's request
 * context (the fields the edge stamps: country, device, referrer host, landing category) and its
 * items, mapped onto a trained model's rows. Sessions whose user the model does not hold (a
 * deleted user, or anything the privacy filter kept out of training) are left out, so a segment
 * is only ever learned from what training was allowed to see.
 */
import { BehaviourEvent, EVENT_WEIGHTS, EVENTS_PREFIX, type SegmentContext } from '#shared/schemas';
import type { BlobStore } from '#shared/storage';
import { readJsonLines } from '../data/lines.ts';
import type { SegmentSession } from './learn.ts';

function contextOf(e: BehaviourEvent): SegmentContext {
  return {
    ...(e.landingCategory === undefined ? {} : { landing: e.landingCategory }),
    ...(e.referrerDomain === undefined ? {} : { referrer: e.referrerDomain }),
    ...(e.country === undefined ? {} : { country: e.country }),
    ...(e.device === undefined ? {} : { device: e.device }),
  };
}

/**
 * The sessions under `events/` of `store` that carry some context, on the rows of `userIds` /
 * `itemIds` (a model's index spaces).
 *
 * @example
 * const sessions = await readSegmentSessions(eventStore, model.userIds, model.itemIds);
 */
export async function readSegmentSessions(
  store: BlobStore,
  userIds: readonly string[],
  itemIds: readonly string[],
): Promise<SegmentSession[]> {
  const userRow = new Map(userIds.map((id, i) => [id, i]));
  const itemRow = new Map(itemIds.map((id, i) => [id, i]));
  const sessions = new Map<string, SegmentSession & { items: Map<number, number> }>();
  for (const { key } of await store.list(EVENTS_PREFIX)) {
    if (!key.endsWith('.ndjson')) continue;
    for (const { value } of readJsonLines(await store.get(key), () => undefined)) {
      const parsed = BehaviourEvent.safeParse(value);
      if (!parsed.success || parsed.data.sessionId === undefined) continue;
      const e = parsed.data;
      const user = userRow.get(e.userId ?? `session:${e.sessionId}`);
      const item = itemRow.get(e.itemId);
      if (user === undefined || item === undefined) continue;
      let s = sessions.get(e.sessionId as string);
      if (s === undefined) {
        s = { user, context: contextOf(e), items: new Map() };
        sessions.set(e.sessionId as string, s);
      }
      s.items.set(item, (s.items.get(item) ?? 0) + EVENT_WEIGHTS[e.type]);
    }
  }
  return Array.from(sessions.values()).filter((s) => Object.keys(s.context).length > 0);
}
