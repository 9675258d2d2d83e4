/**
 * Attribution of clicks, carts and purchases to the impressions that showed the item (the
 * definitions are in shared/src/schemas/online-metrics.ts). Per session, in time order: an
 * action is credited to the latest impression at or before it, within its window, whose list
 * holds the item (and whose placement is the action's, when the action names one); each
 * (impression, item, type) is credited once, so a double click is one click.
 */
import type { ActionRecord, ImpressionRecord, OnlineEvents } from './read.ts';

export interface AttributionWindows {
  /** Minutes after an impression a click is still credited to it. */
  clickMinutes: number;
  /** Minutes after an impression a cart or purchase is still credited to it. */
  cartMinutes: number;
}

export const DEFAULT_WINDOWS: AttributionWindows = { clickMinutes: 30, cartMinutes: 24 * 60 };

/** An impression with what was credited to it. */
export interface AttributedImpression extends ImpressionRecord {
  clicks: number;
  carts: number;
  purchases: number;
}

/** A session that saw at least one impression. */
export interface SessionOutcome {
  session: string;
  /** Arm of its first impression (a session's arm is fixed by its id). */
  arm: ImpressionRecord['arm'];
  /** Versions it was shown. */
  versions: ReadonlySet<string>;
  /** An add_to_cart (any item) after its first impression. */
  converted: boolean;
  impressions: AttributedImpression[];
}

function groupBySession<T extends { session: string; ts: number }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.session);
    if (list === undefined) out.set(row.session, [row]);
    else list.push(row);
  }
  for (const list of out.values()) list.sort((a, b) => a.ts - b.ts);
  return out;
}

/** Credits one action; returns false when no impression qualifies. */
function credit(
  shown: AttributedImpression[],
  action: ActionRecord,
  windowMs: number,
  done: Set<string>,
): boolean {
  for (let i = shown.length - 1; i >= 0; i--) {
    const imp = shown[i] as AttributedImpression;
    if (imp.ts > action.ts) continue;
    if (action.ts - imp.ts > windowMs) return false; // older ones are further away still
    if (action.placement !== undefined && action.placement !== imp.placement) continue;
    if (!imp.itemIds.includes(action.itemId)) continue;
    const key = `${i}\u0000${action.itemId}\u0000${action.type}`;
    if (done.has(key)) return true;
    done.add(key);
    if (action.type === 'click') imp.clicks++;
    else if (action.type === 'add_to_cart') imp.carts++;
    else imp.purchases++;
    return true;
  }
  return false;
}

/**
 * One outcome per session with impressions; actions of sessions without one are ignored.
 *
 * @example
 * const sessions = attribute(await readOnlineEvents(store));
 */
export function attribute(
  events: OnlineEvents,
  windows: AttributionWindows = DEFAULT_WINDOWS,
): SessionOutcome[] {
  const actions = groupBySession(events.actions);
  const outcomes: SessionOutcome[] = [];
  for (const [session, list] of groupBySession(events.impressions)) {
    const shown: AttributedImpression[] = list.map((i) => ({ ...i, clicks: 0, carts: 0, purchases: 0 }));
    const first = shown[0] as AttributedImpression;
    const done = new Set<string>();
    let converted = false;
    for (const action of actions.get(session) ?? []) {
      if (action.type === 'add_to_cart' && action.ts >= first.ts) converted = true;
      const minutes = action.type === 'click' ? windows.clickMinutes : windows.cartMinutes;
      credit(shown, action, minutes * 60_000, done);
    }
    outcomes.push({
      session,
      arm: first.arm,
      versions: new Set(shown.map((i) => i.modelVersion)),
      converted,
      impressions: shown,
    });
  }
  return outcomes;
}
